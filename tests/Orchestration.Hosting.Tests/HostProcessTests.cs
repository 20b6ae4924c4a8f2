using System.Diagnostics;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

/// <summary>
/// A real Aspire AppHost (tests/AspireAppHost: Aspire's SDK, UseNativeRuntime()) as its own process, started as
/// <c>dotnet run</c> starts it: what only a whole process shows.
/// </summary>
public sealed class HostProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-host-").FullName;
    private string Record => Path.Combine(_dir, "record.txt");
    /// <summary>The AppHost's TMPDIR: its run folder is made here, and every process it starts carries it in its environment.</summary>
    private string Tmp => Path.Combine(_dir, "tmp");

    [Fact]
    public async Task No_process_outlives_an_AppHost_killed_with_SIGKILL()
    {
        using var host = StartHost("stack");
        await WaitForLineAsync(host, "Stack ready: 3 resources healthy");
        var records = File.ReadAllLines(Record).Select(RecordEntry.Parse).ToList();
        var pids = records.Where(r => r.Event == "start").Select(r => r.Pid)
            .Concat(records.Where(r => r.Event == "child").Select(r => int.Parse(r.Extra!))).ToList();
        Assert.Equal(5, pids.Count); // three services, two grandchildren
        Assert.All(pids, pid => Assert.True(ProcessCheck.IsAlive(pid)));

        host.Kill(); // SIGKILL: the AppHost runs no shutdown code at all

        foreach (var pid in pids)
            Assert.True(await ProcessCheck.WaitGoneAsync(pid, TimeSpan.FromSeconds(10)), $"pid {pid} outlived the AppHost");
    }

    [Fact]
    public async Task SIGTERM_stops_the_stack_in_reverse_order_and_the_AppHost_exits_cleanly()
    {
        using var host = StartHost("stack");
        await WaitForLineAsync(host, "Stack ready: 3 resources healthy");

        Assert.True(NativeSignal.Send(host.Id, 15));
        await host.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(0, host.ExitCode);
        var stops = File.ReadAllLines(Record).Select(RecordEntry.Parse).Where(r => r.Event == "stop").Select(r => r.Name);
        Assert.Equal(["c", "b", "a"], stops);
    }

    [Fact]
    public async Task An_invalid_model_prints_the_problem_and_exits_non_zero_without_starting_anything()
    {
        using var host = StartHost("invalid");
        await host.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.NotEqual(0, host.ExitCode);
        var all = string.Join('\n', _lines);
        Assert.Contains("The application model is invalid; nothing was started", all);
        Assert.Contains("Dependency cycle: x → y → x", all);
        Assert.DoesNotContain("Unhandled exception", all);
        Assert.False(File.Exists(Record), "a resource was started");
        Assert.False(Directory.Exists(Path.Combine(_dir, "state")), "the invalid model wrote its state folder (parameters.json)");
    }

    [Fact]
    public async Task A_bad_name_is_listed_by_the_validation_and_the_AppHost_exits_1_without_a_stack_trace()
    {
        using var host = StartHost("invalid-name");
        await host.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(1, host.ExitCode);
        var all = string.Join('\n', _lines);
        Assert.Contains("The application model is invalid; nothing was started (1 problem)", all);
        Assert.Contains("Resource name 'Cache' is invalid", all);
        Assert.DoesNotContain("Cache-password", all);
        Assert.DoesNotContain("   at ", all); // no stack trace
        Assert.False(File.Exists(Record), "a resource was started");
        Assert.False(Directory.Exists(Path.Combine(_dir, "state")), "the invalid model wrote its state folder");
    }

    [Fact]
    public async Task A_model_error_thrown_while_the_model_is_written_ends_in_its_message_and_exit_code_1_not_a_crash()
    {
        // Aspire's builder throws where the model is written (here: a name used twice), before any validation runs.
        using var host = StartHost("thrown");
        await host.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(1, host.ExitCode); // an unhandled exception would be 134 (SIGABRT)
        var all = string.Join('\n', _lines);
        Assert.Contains("The application model is invalid; nothing was started (1 problem)", all);
        Assert.Contains("with name 'api'", all);
        Assert.DoesNotContain("Unhandled exception", all);
        Assert.DoesNotContain("   at ", all);
        Assert.False(File.Exists(Record), "a resource was started");
    }

    [Fact]
    public async Task SIGINT_stops_an_AppHost_that_was_started_with_SIGINT_ignored()
    {
        // As `./run.sh &` in a script starts it: SIGINT ignored, inherited through exec.
        using var host = StartHost("stack", ignoreInterrupt: true);
        await WaitForLineAsync(host, "Stack ready: 3 resources healthy");
        var service = File.ReadAllLines(Record).Select(RecordEntry.Parse).First(r => r.Event == "start").Pid;
        Assert.False(SignalMask.Has(service, "SigIgn", 2), "the AppHost passed its ignored SIGINT on to the processes it started");

        Assert.True(NativeSignal.Send(host.Id, 2));
        var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.WaitForExitAsync(exited.Token);

        Assert.Equal(0, host.ExitCode); // an orderly stop, not death by the signal (130)
        var stops = File.ReadAllLines(Record).Select(RecordEntry.Parse).Where(r => r.Event == "stop").Select(r => r.Name);
        Assert.Equal(["c", "b", "a"], stops);
        Assert.Empty(RunFolders());
    }

    [Fact]
    public async Task After_SIGKILL_of_the_AppHost_s_whole_process_group_no_process_and_no_run_folder_remain()
    {
        using var host = StartHost("cache", ownProcessGroup: true);
        await WaitForLineAsync(host, "Stack ready: 3 resources healthy");
        var runFolder = Assert.Single(RunFolders());
        Assert.True(File.Exists(Path.Combine(runFolder, "cache", "redis.conf")));
        var started = Descendants(host.Id);
        Assert.True(started.Count >= 5, $"expected a, b, b's child, redis and the reaper; found {started.Count}");
        Assert.Contains(started, pid => CommandLine(pid).FirstOrDefault()?.StartsWith("redis-server", StringComparison.Ordinal) == true);

        Assert.True(NativeSignal.Send(-host.Id, 9)); // the group: pid == pgid under setsid

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((started.Any(ProcessCheck.IsAlive) || RunFolders().Length > 0) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Empty(started.Where(ProcessCheck.IsAlive).Select(pid => $"{pid}: {CommandLine(pid).FirstOrDefault()}"));
        Assert.Empty(RunFolders());
    }

    [Fact]
    public async Task Started_from_a_large_folder_the_AppHost_watches_none_of_it_and_keeps_its_JIT_profile_in_the_cache()
    {
        // As `dotnet run --project AppHost` from a repository's root: appsettings.json is read from the working folder,
        // which .NET would watch folder by folder (an inotify watch each) for a reload an AppHost never acts on.
        var repository = Path.Combine(_dir, "repository");
        for (var i = 0; i < 50; i++) Directory.CreateDirectory(Path.Combine(repository, $"project{i}", "bin", "obj"));
        var cache = Path.Combine(_dir, "cache");
        using var host = StartHost("stack", workingDirectory: repository, cacheHome: cache);
        await WaitForLineAsync(host, "Stack ready: 3 resources healthy");

        Assert.Equal(0, InotifyInstances(host.Id));
        // The setting that turned the watch off is not passed on to the processes the AppHost starts.
        var service = File.ReadAllLines(Record).Select(RecordEntry.Parse).First(r => r.Event == "start").Pid;
        var environment = File.ReadAllText($"/proc/{service}/environ").Split('\0');
        Assert.DoesNotContain(environment, v => v.StartsWith("DOTNET_hostBuilder__reloadConfigOnChange=", StringComparison.Ordinal));
        // What the start compiled, for the next start to compile ahead: written once the first process started.
        Assert.True(File.Exists(Path.Combine(cache, "orchestration", "jit", "AspireAppHost.jitprofile")), "no JIT profile in XDG_CACHE_HOME");
    }

    /// <summary>How many inotify instances a process holds (file descriptors onto anon_inode:inotify).</summary>
    private static int InotifyInstances(int pid)
        => new DirectoryInfo($"/proc/{pid}/fd").GetFileSystemInfos().Count(fd => fd.LinkTarget == "anon_inode:inotify");

    private string[] RunFolders() => Directory.Exists(Tmp) ? Directory.GetDirectories(Tmp, "orchestration-run-*") : [];

    /// <summary>Every live process below <paramref name="root"/> (children, their children, ...).</summary>
    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || !ProcessCheck.IsAlive(pid)) continue;
            try
            {
                var line = File.ReadLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
                if (line is not null) parents[pid] = int.Parse(line[5..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
        }
        var found = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var parent))
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                queue.Enqueue(child);
            }
        return found;
    }

    private static string[] CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries); }
        catch (IOException) { return []; }
    }

    private readonly List<string> _lines = [];
    private readonly List<int> _hosts = [];
    private readonly SemaphoreSlim _lineAdded = new(0);

    /// <summary>Built beside this test project (referenced, not linked), in the same configuration.</summary>
    private static string AppHostPath => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory.Replace("Orchestration.Hosting.Tests", "AspireAppHost"), "AspireAppHost.dll"));

    private Process StartHost(string scenario, bool ignoreInterrupt = false, bool ownProcessGroup = false, string? workingDirectory = null, string? cacheHome = null)
    {
        string[] command = ["dotnet", AppHostPath, "--Scenario", scenario, "--Record", Record, $"--Orchestration:StateDirectory={Path.Combine(_dir, "state")}"];
        if (ignoreInterrupt) command = ["bash", "-c", "trap '' INT; exec \"$@\"", "bash", .. command];
        if (ownProcessGroup) command = ["/usr/bin/setsid", .. command];
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in command[1..]) start.ArgumentList.Add(arg);
        Directory.CreateDirectory(Tmp);
        start.Environment["TMPDIR"] = Tmp;
        start.Environment["NO_COLOR"] = "1";
        // Its JIT profile goes to the test's folder, not the user's cache.
        start.Environment["XDG_CACHE_HOME"] = cacheHome ?? Path.Combine(_dir, "cache");
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        var process = Process.Start(start)!;
        _hosts.Add(process.Id);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (_lines) _lines.Add(line);
            try { output.WriteLine(line); } catch (InvalidOperationException) { }
            _lineAdded.Release();
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitForLineAsync(Process host, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            lock (_lines)
                if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal))) return;
            if (host.HasExited || DateTime.UtcNow > deadline)
                Assert.Fail($"'{text}' never appeared; the AppHost printed:\n{string.Join('\n', _lines)}");
            await _lineAdded.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
    }

    public void Dispose()
    {
        // A test that failed half-way leaves no AppHost running: SIGTERM stops it in order.
        foreach (var pid in _hosts.Where(ProcessCheck.IsAlive))
        {
            NativeSignal.Send(pid, 15);
            if (!ProcessCheck.WaitGoneAsync(pid, TimeSpan.FromSeconds(20)).GetAwaiter().GetResult()) NativeSignal.Send(pid, 9);
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A process's signal masks as the kernel shows them (SigIgn: ignored, SigCgt: caught).</summary>
internal static class SignalMask
{
    public static bool Has(int pid, string mask, int signal)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(mask + ":", StringComparison.Ordinal));
        var bits = ulong.Parse(line[(mask.Length + 1)..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (bits & (1UL << (signal - 1))) != 0;
    }
}

internal static partial class NativeSignal
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;
}
