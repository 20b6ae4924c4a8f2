namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// The AppHost's console, as docker compose prints it: every line behind a colored, aligned
/// resource prefix, plus state changes and the one "Stack ready" line.
/// </summary>
internal sealed class StackConsole
{
    private static readonly string[] Palette = ["36", "33", "32", "35", "34", "96", "93", "92", "95", "94"];
    private readonly TextWriter _out;
    private readonly bool _color;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _colors = new(StringComparer.Ordinal);
    private int _width = 8;

    internal StackConsole(DistributedApplicationOptions options)
    {
        _out = options.Output ?? Console.Out;
        _color = options.UseColor ?? (options.Output is null && !Console.IsOutputRedirected
                                      && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));
    }

    /// <summary>Aligns prefixes to the longest name that will print.</summary>
    internal void SetNames(IEnumerable<string> names)
    {
        lock (_gate)
        {
            foreach (var name in names)
            {
                _width = Math.Max(_width, name.Length);
                if (!_colors.ContainsKey(name)) _colors[name] = Palette[_colors.Count % Palette.Length];
            }
        }
    }

    /// <summary>A line of a resource's own output.</summary>
    public void WriteOutput(string name, string text) => Write(name, text, dim: false);

    /// <summary>A line about a resource (state changes).</summary>
    public void WriteStatus(string name, string text)
    {
        // The AppHost's own message may span lines (a list of what is missing); each gets the prefix. What it
        // quotes of a child's output is escaped like the rest.
        foreach (var line in text.Split('\n')) Write(name, line.TrimEnd('\r'), dim: true);
    }

    /// <summary>A line from the AppHost itself.</summary>
    public void WriteInfo(string text) => WriteRaw(_color ? $"\e[1m{text}\e[0m" : text);

    /// <summary>An error from the AppHost itself.</summary>
    public void WriteError(string text) => WriteRaw(_color ? $"\e[31;1m{text}\e[0m" : text);

    private void Write(string name, string text, bool dim)
    {
        text = ControlCharacters.Escape(text); // one child line stays one console line
        string color;
        lock (_gate) color = _colors.GetValueOrDefault(name) ?? "37";
        var prefix = name.PadRight(_width) + " | ";
        if (!_color) WriteRaw(prefix + text);
        else WriteRaw($"\e[{color}m{prefix}\e[0m" + (dim ? $"\e[2m{text}\e[0m" : text));
    }

    private void WriteRaw(string line)
    {
        lock (_gate)
        {
            _out.WriteLine(line);
            _out.Flush();
        }
    }
}
