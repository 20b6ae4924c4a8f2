using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Where parameter values come from locally: configuration <c>Parameters:{name}</c> first, then the
/// default; generated defaults are made once and kept in <c>parameters.json</c> (mode 0600) in the
/// AppHost's state folder, so a database initialised with a password keeps accepting it. Values made
/// while the model is validated are written only once it is valid (<see cref="Commit"/>): an invalid
/// model writes nothing.
/// </summary>
internal sealed class ParameterValues(IConfiguration configuration, AppHostDirectories directories)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _resolved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unsaved = new(StringComparer.Ordinal);
    private bool _committed;

    /// <summary>Why the parameter has no value, or null; generates and writes nothing.</summary>
    public string? Problem(ParameterResource parameter)
        => configuration[parameter.ConfigurationKey] is null && parameter.Default is null ? MissingMessage(parameter) : null;

    /// <summary>The model is valid: values generated so far are kept from now on, and later ones at once.</summary>
    public void Commit()
    {
        lock (_gate)
        {
            _committed = true;
            if (_unsaved.Count == 0) return;
            var stored = Stored(directories.State);
            foreach (var (name, value) in _unsaved) stored.TryAdd(name, value);
            Save(stored);
            _unsaved.Clear();
        }
    }

    public string Get(ParameterResource parameter)
    {
        lock (_gate)
        {
            if (_resolved.TryGetValue(parameter.ConfigurationKey, out var cached)) return cached;
            var value = configuration[parameter.ConfigurationKey] ?? Default(parameter)
                ?? throw new DistributedApplicationException(MissingMessage(parameter));
            return _resolved[parameter.ConfigurationKey] = value;
        }
    }

    public static string MissingMessage(ParameterResource p)
    {
        var (section, key) = (p.ConfigurationKey.Split(':')[0], p.ConfigurationKey.Split(':')[1]);
        return $"Parameter '{p.Name}' has no value. Set {p.ConfigurationKey} in AppHost/appsettings.json (\"{section}\": {{ \"{key}\": \"...\" }}), " +
               $"as environment variable {section}__{key} (e.g. `export '{section}__{key}=...'` or `env '{section}__{key}=...' dotnet run`), " +
               $"or on the command line with --{p.ConfigurationKey}=...";
    }

    private string? Default(ParameterResource parameter)
    {
        if (parameter.Default is null) return null;
        if (!parameter.Default.Persist) return parameter.Default.GetDefaultValue();

        var stored = Stored(directories.StatePath);
        if (stored.TryGetValue(parameter.Name, out var existing)) return existing;
        if (_unsaved.TryGetValue(parameter.Name, out var made)) return made;

        var value = parameter.Default.GetDefaultValue();
        if (!_committed)
        {
            _unsaved[parameter.Name] = value;
            return value;
        }
        stored[parameter.Name] = value;
        Save(stored);
        return value;
    }

    private static Dictionary<string, string> Stored(string stateFolder)
    {
        var file = Path.Combine(stateFolder, "parameters.json");
        return File.Exists(file)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? []
            : [];
    }

    private void Save(Dictionary<string, string> stored)
    {
        var file = Path.Combine(directories.State, "parameters.json");
        // Written to a 0600 file first, then moved into place: the secret is never world-readable, not even briefly.
        var temp = file + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, stored, new JsonSerializerOptions { WriteIndented = true });
        }
        File.Move(temp, file, overwrite: true);
    }
}
