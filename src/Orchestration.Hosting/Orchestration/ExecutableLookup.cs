namespace Orchestration.Hosting.Orchestration;

/// <summary>Finds a program the way a shell would: a path as given, or a name on PATH.</summary>
internal static class ExecutableLookup
{
    public static string? Find(string command, string workingDirectory)
    {
        if (command.Contains('/'))
        {
            var path = Path.GetFullPath(Path.Combine(workingDirectory, command));
            return IsExecutable(path) ? path : null;
        }
        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, command);
            if (IsExecutable(candidate)) return candidate;
        }
        return null;
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
