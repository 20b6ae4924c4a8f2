using System.Diagnostics;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

/// <summary>The AppHost as its own process (tests/TestAppHost): what only a whole process shows.</summary>
public sealed class HostProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-host-").FullName;
    private string Record => Path.Combine(_dir, "record.txt");

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
    public async Task A_bad_name_and_a_misused_builder_method_are_listed_together_and_the_AppHost_exits_1()
    {
        using var host = StartHost("invalid-name");
        await host.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(1, host.ExitCode);
        var all = string.Join('\n', _lines);
        Assert.Contains("The application model is invalid; nothing was started (2 problems)", all);
        Assert.Contains("Resource name 'Cache' is invalid", all);
        Assert.Contains("Route '/api/' of 'gateway' goes to 'api', which has no HTTP endpoint", all);
        Assert.DoesNotContain("Cache-password", all);
        Assert.DoesNotContain("   at ", all); // no stack trace
        Assert.False(Directory.Exists(Path.Combine(_dir, "state")), "the invalid model wrote its state folder");
    }

    [Fact]
    public async Task A_model_error_thrown_while_the_model_is_written_ends_in_its_message_and_exit_code_1_not_a_crash()
    {
        using var host = StartHost("foreign");
        await host.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(1, host.ExitCode); // an unhandled exception would be 134 (SIGABRT)
        var all = string.Join('\n', _lines);
        Assert.Contains("The application model is invalid; nothing was started (1 problem)", all);
        Assert.Contains("Resource 'stray' is not part of this application.", all);
        Assert.DoesNotContain("Unhandled exception", all);
        Assert.DoesNotContain("   at ", all);
    }

    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineAdded = new(0);

    private Process StartHost(string scenario)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "TestAppHost.dll"); // referenced, so built and copied beside the tests
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, scenario, TestStack.ServiceScript, Record, Path.Combine(_dir, "state") }) start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start)!;
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
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

internal static partial class NativeSignal
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;
}
