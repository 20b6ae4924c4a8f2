using System.Text;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Reads a child's output as lines ended by '\n' only (a "\r\n" ending loses its '\r'). Process's own
/// line reader also ends a line at a lone '\r', which lets a child print what looks like a separate
/// line of the AppHost's console ("ok\rStack ready"); here that '\r' stays inside its line, to be shown
/// escaped. A line longer than <see cref="MaxLineLength"/> is passed on in pieces, so a child that never
/// prints a newline cannot make the AppHost hold its whole output in memory.
/// </summary>
internal static class OutputLineReader
{
    public const int MaxLineLength = 16 * 1024;

    public static async Task PumpAsync(TextReader reader, Action<string> onLine)
    {
        var buffer = new char[4096];
        var line = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (c == '\n')
                {
                    if (line.Length > 0 && line[^1] == '\r') line.Length--;
                    onLine(line.ToString());
                    line.Clear();
                }
                else
                {
                    line.Append(c);
                    if (line.Length >= MaxLineLength)
                    {
                        onLine(line.ToString());
                        line.Clear();
                    }
                }
            }
        }
        if (line.Length > 0) onLine(line.ToString());
    }
}
