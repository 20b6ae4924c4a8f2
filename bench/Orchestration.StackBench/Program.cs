using System.Diagnostics;
using System.Globalization;
using Orchestration.Hosting;
using Orchestration.Hosting.Testing;

namespace Orchestration.StackBench;

/// <summary>
/// One whole-stack start + dispose inside a test host (issue 3 target: ≤ 5 s), exactly as the stack
/// tests do it: <c>DistributedApplicationTestingBuilder</c> on AppHost/Program.cs's model, random
/// ports, a fresh temporary state folder per start (so every start is a cold one: initdb, new
/// passwords, the bucket created). Then <c>DisposeAsync</c>, and a check in /proc that every process
/// the stack started is gone.
///
///   dotnet run -c Release --project bench/Orchestration.StackBench [-- --iterations 7 --kept-state]
/// </summary>
internal static class StackBenchMain
{
    private static async Task<int> Main(string[] args)
    {
        var iterations = 7;
        var keptState = false;
        string? logFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--iterations": iterations = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                // The same state folder for every start: warm starts (the first run makes it).
                case "--kept-state": keptState = true; break;
                case "--log": logFile = args[++i]; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; options: --iterations N, --kept-state, --log FILE");
                    return 2;
            }
        }

        Console.WriteLine($"Machine: {MachineInfo.Describe()}");
        Console.WriteLine($"Load average before: {MachineInfo.LoadAverage()}");
        Console.WriteLine($"Whole stack in the test host: 1 first start in this process + {iterations} measured, " +
                          (keptState ? "one kept state folder (warm after the first)" : "a fresh state folder each (cold: the testing builder's default)"));
        var keptDirectory = keptState ? Directory.CreateTempSubdirectory("stack-bench-state-").FullName : null;
        // 0711: PostgreSQL, run as another user when we are root, passes through to its data.
        if (keptDirectory is not null && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(keptDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        using var log = logFile is null ? TextWriter.Null : new StreamWriter(logFile) { AutoFlush = true };
        var runs = new List<Run>();
        try
        {
            for (var i = 0; i <= iterations; i++)
            {
                var run = await RunOnceAsync(log, keptDirectory is null ? null : Path.Combine(keptDirectory, "state"));
                Console.WriteLine($"  {(i == 0 ? "first" : $"run {i}"),-6} {run.Summary()}");
                if (i > 0) runs.Add(run);
                if (run.Left > 0) return 1;
            }
        }
        finally
        {
            if (keptDirectory is not null) Directory.Delete(keptDirectory, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine($"Measured runs: {runs.Count} (the first start of the process, with JIT, is listed above but not included), ms");
        Console.WriteLine($"| | median | min | max |");
        Console.WriteLine($"|---|---:|---:|---:|");
        Row("**start + dispose**", runs.Select(r => r.Total));
        Row("build (Program.cs up to Build())", runs.Select(r => r.Build));
        Row("StartAsync (to all healthy)", runs.Select(r => r.Start));
        Row("DisposeAsync (every process gone)", runs.Select(r => r.Dispose));
        Row("processes of the stack at dispose", runs.Select(r => (double)r.Processes));
        foreach (var name in runs[0].Resources.Keys)
        {
            foreach (var (label, pick) in new (string, Func<Timeline, double?>)[]
                     {
                         ("waiting", t => t.Waiting), ("started", t => t.Started), ("ready", t => t.Ready),
                     })
            {
                var values = runs.Select(r => r.Resources.TryGetValue(name, out var t) ? pick(t) : null).OfType<double>().ToList();
                if (values.Count > 0) Row($"&nbsp;&nbsp;{name} {label} (after StartAsync began)", values);
            }
        }
        var median = Median(runs.Select(r => r.Total));
        Console.WriteLine();
        Console.WriteLine($"Target: start + dispose ≤ 5000 ms on the median: {median:0} ms, ratio {median / 5000:0.00}: {(median <= 5000 ? "PASS" : "FAIL")}");
        Console.WriteLine($"Load average after: {MachineInfo.LoadAverage()}");
        return median <= 5000 ? 0 : 1;
    }

    private static async Task<Run> RunOnceAsync(TextWriter log, string? stateDirectory)
    {
        var clock = Stopwatch.StartNew();
        var app = await DistributedApplicationTestingBuilder.BuildAsync<global::Program>(o =>
        {
            o.Output = log;
            o.WaitTimeout = TimeSpan.FromSeconds(90);
            if (stateDirectory is not null) o.StateDirectory = stateDirectory;
        });
        var build = clock.Elapsed.TotalMilliseconds;
        var startedAt = DateTimeOffset.UtcNow;
        try
        {
            await app.Application.StartAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var start = clock.Elapsed.TotalMilliseconds - build;
        var resources = app.ResourceNotifications.GetSnapshots().ToDictionary(s => s.Name, s => new Timeline(
            Since(startedAt, s.WaitingAt), Since(startedAt, s.StartedAt), Since(startedAt, s.ReadyAt)));

        var processes = ProcFs.Descendants(Environment.ProcessId);
        var beforeDispose = clock.Elapsed.TotalMilliseconds;
        await app.DisposeAsync();
        var disposed = clock.Elapsed.TotalMilliseconds;
        var left = processes.Count(p => p.IsRunning());
        if (left > 0)
        {
            foreach (var p in processes.Where(p => p.IsRunning())) Console.Error.WriteLine($"  left running after DisposeAsync: {p.Pid} {p.CommandLine()}");
        }
        return new Run(build, start, disposed - beforeDispose, build + start + (disposed - beforeDispose), processes.Count, left, resources);
    }

    private static double? Since(DateTimeOffset origin, DateTimeOffset? at) => at is { } t ? (t - origin).TotalMilliseconds : null;

    private static void Row(string label, IEnumerable<double> values)
    {
        var list = values.ToList();
        Console.WriteLine($"| {label} | {Median(list):0} | {list.Min():0} | {list.Max():0} |");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

internal sealed record Timeline(double? Waiting, double? Started, double? Ready);

internal sealed record Run(double Build, double Start, double Dispose, double Total, int Processes, int Left, Dictionary<string, Timeline> Resources)
{
    public string Summary() =>
        $"start+dispose {Total,6:0} ms = build {Build,4:0} + start {Start,5:0} + dispose {Dispose,5:0}; {Processes} processes, {Left} left; " +
        string.Join(", ", Resources.Select(r => $"{r.Key} {r.Value.Ready:0}"));
}

/// <summary>Processes from /proc, named by pid and start time (a pid alone may be reused).</summary>
internal sealed record ProcFs(int Pid, long StartTime)
{
    /// <summary>Every process below <paramref name="root"/> (not itself).</summary>
    public static List<ProcFs> Descendants(int root)
    {
        var children = new Dictionary<int, List<(int Pid, long Start)>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || Read(pid) is not { } stat) continue;
            if (!children.TryGetValue(stat.Ppid, out var list)) children[stat.Ppid] = list = [];
            list.Add((pid, stat.Start));
        }
        var result = new List<ProcFs>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var (child, start) in children.GetValueOrDefault(pid) ?? [])
            {
                result.Add(new ProcFs(child, start));
                queue.Enqueue(child);
            }
        }
        return result;
    }

    public bool IsRunning() => Read(Pid) is { } stat && stat.Start == StartTime && stat.State != 'Z';

    public string CommandLine()
    {
        try { return File.ReadAllText($"/proc/{Pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return "?"; }
    }

    private static (char State, int Ppid, long Start)? Read(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        // "pid (comm) state ppid ... starttime(22nd)": comm may hold spaces and parentheses.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[19], CultureInfo.InvariantCulture));
    }
}

internal static class MachineInfo
{
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static string Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return $"{Environment.ProcessorCount} cores, {long.Parse(memKb, CultureInfo.InvariantCulture) / 1048576.0:0.0} GiB, CPU {cpu ?? "?"}, " +
               $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}
