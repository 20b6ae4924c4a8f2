using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Orchestration.Dashboard.Bench;

/// <summary>What the figures are read from: /proc, the repository's build output, signals.</summary>
internal static class Machine
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[..3] is var l ? string.Join(' ', l) : "";

    /// <summary>VmRSS of a process, in bytes.</summary>
    public static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
        return 0;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestration.sln"))) return dir.FullName;
        throw new InvalidOperationException("Orchestration.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The standalone dashboard's native launcher, built with this benchmark (same configuration).</summary>
    public static string StandaloneDashboard() => Built("src/Orchestration.Dashboard", "Orchestration.Dashboard");

    public static string Built(string project, string name)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0/
        var path = Path.Combine(RepositoryRoot(), project, "bin", configuration, "net10.0", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build it in {configuration} first.");
    }

    /// <summary>The sample AppHost as ./run.sh starts it: published ReadyToRun by scripts/build-apphost.sh.</summary>
    public static string PublishedAppHost()
    {
        var path = Path.Combine(RepositoryRoot(), "artifacts", "apphost", "AppHost");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not there; run scripts/build-apphost.sh first.");
    }

    /// <summary>SIGTERM (the AppHost stops its resources), then SIGKILL after 15 s.</summary>
    public static async Task TerminateAsync(Process process)
    {
        if (process.HasExited) return;
        kill(process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); await process.WaitForExitAsync(); }
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public static string Summary(IReadOnlyList<double> values, string format = "F1")
        => $"median {Median(values).ToString(format)} (min {values.Min().ToString(format)}, max {values.Max().ToString(format)}, n={values.Count})";
}
