using System.Globalization;

namespace Orchestration.Integrations.Tests;

/// <summary>What /proc says about a process: whether it lives, its children, its owner, its command line.</summary>
internal static class ProcessInspection
{
    public static bool IsAlive(int pid)
        => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');

    /// <summary>The direct children of a process.</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid) =>
    [
        .. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var p) ? p : 0)
            .Where(p => p > 0 && ParentOf(p) == pid),
    ];

    /// <summary>The real user id a process runs as.</summary>
    public static int UserIdOf(int pid)
        => int.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>The arguments a process was started with.</summary>
    public static IReadOnlyList<string> CommandLineOf(int pid)
        => File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    private static int ParentOf(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
            var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0; // gone meanwhile
        }
    }
}
