namespace Orchestration.Integrations.Tests;

/// <summary>What is still running, read from /proc: a process, or any member of its process group (nginx workers, node children).</summary>
internal static class ProcessProbe
{
    public static bool GroupAlive(int pgid)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // pid (comm) state ppid pgrp ...: comm may hold spaces, so count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] != "Z" && int.Parse(fields[2]) == pgid) return true;
        }
        return false;
    }

    /// <summary>The repository's git-ignored .tools folder: one s3rver install shared by every test stack.</summary>
    public static string RepositoryToolsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestration.sln"))) return Path.Combine(dir.FullName, ".tools");
        return Path.Combine(Path.GetTempPath(), "orchestration-tools");
    }
}
