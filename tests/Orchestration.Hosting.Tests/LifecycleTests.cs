using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

public sealed class LifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WaitForCompletion_starts_the_dependent_after_the_job_finished_with_exit_code_0()
    {
        await using var stack = new TestStack(output);
        var migrate = stack.Job("migrate", exitCode: 0, seconds: 0.3);
        stack.Service("api").WaitForCompletion(migrate);

        await stack.StartAsync();

        var job = stack.App.ResourceNotifications.Get("migrate")!;
        Assert.Equal(ResourceState.Finished, job.State);
        Assert.Equal(0, job.ExitCode);
        var records = stack.Records();
        Assert.True(records.Single(r => r is { Event: "start", Name: "api" }).TimeNs > records.Single(r => r is { Event: "exit", Name: "migrate" }).TimeNs);
        Assert.Contains(stack.Output.Lines, l => l.StartsWith("Stack ready: 1 resources healthy, 1 finished in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WaitForCompletion_with_the_wrong_exit_code_fails_the_dependent_naming_the_code()
    {
        await using var stack = new TestStack(output);
        var migrate = stack.Job("migrate", exitCode: 3).WithRestartPolicy(RestartPolicy.Never);
        stack.Service("api").WaitForCompletion(migrate);

        var error = await Assert.ThrowsAsync<StackStartException>(stack.StartAsync);

        var api = stack.App.ResourceNotifications.Get("api")!;
        Assert.Equal(ResourceState.FailedToStart, api.State);
        Assert.Contains("'migrate' exited with code 3, not 0", api.Message);
        Assert.Contains(error.Failures, f => f.StartsWith("api: FailedToStart", StringComparison.Ordinal));
        Assert.DoesNotContain(stack.Records(), r => r.Name == "api");
    }

    [Fact]
    public async Task A_failing_process_is_restarted_with_growing_backoff_until_it_runs()
    {
        await using var stack = new TestStack(output);
        var state = Path.Combine(stack.Directory, "runs");
        stack.Service("flaky", "--fail-runs", "2", "--state", state)
            .WithRestartPolicy(RestartPolicy.OnFailure, maxRestarts: 5, initialBackoff: TimeSpan.FromMilliseconds(300));

        await stack.StartAsync();

        var flaky = stack.App.ResourceNotifications.Get("flaky")!;
        Assert.Equal(ResourceState.Running, flaky.State);
        Assert.Equal(ResourceHealth.Healthy, flaky.Health);
        Assert.Equal(2, flaky.RestartCount);
        var starts = stack.Records().Where(r => r.Event == "start").Select(r => r.TimeNs / 1_000_000.0).ToList();
        Assert.Equal(3, starts.Count);
        Assert.True(starts[1] - starts[0] >= 300, $"first backoff was {starts[1] - starts[0]} ms");
        Assert.True(starts[2] - starts[1] >= 600, $"second backoff was {starts[2] - starts[1]} ms (doubled)");
    }

    [Fact]
    public async Task Restarts_stop_at_the_cap_and_the_failure_names_the_exit_code_and_last_output()
    {
        await using var stack = new TestStack(output);
        // A service (with a health check) that dies before it ever listens.
        stack.Service("crash", "--exit-code", "2").WithRestartPolicy(RestartPolicy.OnFailure, maxRestarts: 2, initialBackoff: TimeSpan.FromMilliseconds(50));

        var error = await Assert.ThrowsAsync<StackStartException>(stack.StartAsync);

        var crash = stack.App.ResourceNotifications.Get("crash")!;
        Assert.Equal(ResourceState.Exited, crash.State);
        Assert.Equal(2, crash.RestartCount);
        Assert.Equal(3, stack.Records().Count(r => r.Event == "start"));
        Assert.Contains("exited with code 2 after 2 restarts", crash.Message);
        Assert.Contains("crash exiting with 2", crash.Message); // its own last words
        Assert.Contains(error.Failures, f => f.Contains("crash: Exited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shutdown_stops_dependents_before_their_dependencies()
    {
        var stack = new TestStack(output);
        try
        {
            var db = stack.Service("db");
            var api = stack.Service("api").WaitFor(db);
            stack.Service("web").WaitFor(api);
            await stack.StartAsync();

            await stack.App.StopAsync();

            var stops = stack.Records().Where(r => r.Event == "stop").Select(r => r.Name).ToList();
            Assert.Equal(["web", "api", "db"], stops);
            Assert.All(stack.App.ResourceNotifications.GetSnapshots(), s => Assert.Equal(ResourceState.Exited, s.State));
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_dependency_that_never_becomes_healthy_fails_its_dependent_after_the_timeout_with_the_cause()
    {
        await using var stack = new TestStack(output, o => o.WaitTimeout = TimeSpan.FromSeconds(1.5));
        var db = stack.Service("db", "--unhealthy", "1000000");
        stack.Service("api").WaitFor(db, timeout: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<StackStartException>(stack.StartAsync);

        var api = stack.App.ResourceNotifications.Get("api")!;
        Assert.Equal(ResourceState.FailedToStart, api.State);
        Assert.Contains("gave up waiting for 'db' after 1 s", api.Message);
        Assert.Contains("'db' is Running, health Unhealthy (GET /health: answered 503, expected 200)", api.Message);
        Assert.Contains(error.Failures, f => f.StartsWith("db: not healthy 1.5 s after it started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dependency_that_crashes_fails_the_whole_chain_at_once_naming_the_root_cause()
    {
        await using var stack = new TestStack(output);
        var db = stack.Service("db", "--exit-code", "1", "--exit-after", "0.2").WithRestartPolicy(RestartPolicy.Never);
        var api = stack.Service("api").WaitFor(db);
        stack.Service("web").WaitFor(api);

        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<StackStartException>(stack.StartAsync);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "failure must not wait for the timeout");
        var web = stack.App.ResourceNotifications.Get("web")!;
        Assert.Equal(ResourceState.FailedToStart, web.State);
        Assert.Contains("'api' failed to start", web.Message);
        Assert.Contains("'db' exited with code 1 before it became healthy", web.Message);
        Assert.Contains("db exiting with 1", web.Message);
    }

    [Fact]
    public async Task A_process_that_ignores_its_stop_signal_is_killed_after_the_grace_period_with_its_children()
    {
        await using var stack = new TestStack(output);
        stack.Service("stubborn", "--ignore-term", "--child").WithStopSignal(gracePeriod: TimeSpan.FromMilliseconds(500));
        await stack.StartAsync();
        var records = stack.Records();
        var pid = records.Single(r => r.Event == "start").Pid;
        var child = int.Parse(records.Single(r => r.Event == "child").Extra!);
        Assert.True(ProcessCheck.IsAlive(pid) && ProcessCheck.IsAlive(child));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await stack.App.ResourceCommands.StopResourceAsync("stubborn");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450), $"stopped after {clock.ElapsedMilliseconds} ms, before the grace period");
        Assert.True(await ProcessCheck.WaitGoneAsync(pid, TimeSpan.FromSeconds(5)), "the process outlived its SIGKILL");
        Assert.True(await ProcessCheck.WaitGoneAsync(child, TimeSpan.FromSeconds(5)), "its child outlived it");
        Assert.Equal(ResourceState.Exited, stack.App.ResourceNotifications.Get("stubborn")!.State);
    }

    [Fact]
    public async Task Stop_start_and_restart_commands_act_on_one_resource()
    {
        await using var stack = new TestStack(output);
        stack.Service("a");
        stack.Service("b");
        await stack.StartAsync();
        var notifications = stack.App.ResourceNotifications;

        await stack.App.ResourceCommands.StopResourceAsync("a");
        Assert.Equal(ResourceState.Exited, notifications.Get("a")!.State);
        Assert.Equal(ResourceState.Running, notifications.Get("b")!.State);

        await stack.App.ResourceCommands.StartResourceAsync("a");
        await notifications.WaitForResourceHealthyAsync("a").WaitAsync(TimeSpan.FromSeconds(20));

        var before = notifications.Get("b")!.Pid;
        await stack.App.ResourceCommands.RestartResourceAsync("b");
        await notifications.WaitForResourceHealthyAsync("b").WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotEqual(before, notifications.Get("b")!.Pid);
        Assert.Equal(3, stack.Records().Count(r => r.Event == "stop" || r.Event == "start" && r.Name == "b") - 1);
    }

    [Fact]
    public async Task Every_output_line_is_kept_per_resource_and_printed_behind_its_prefix()
    {
        await using var stack = new TestStack(output);
        stack.Service("short");
        stack.Service("much-longer-name");
        await stack.StartAsync();

        var lines = stack.App.ResourceLogs.GetLines("short");
        Assert.Contains(lines, l => l is { Text: "short starting", IsError: false });
        Assert.Contains(lines, l => l is { Text: "short says hello on stderr", IsError: true });
        // Prefixes are aligned to the longest name, as docker compose does.
        Assert.Contains("short            | short starting", stack.Output.Lines);
        Assert.Contains("much-longer-name | much-longer-name starting", stack.Output.Lines);
    }

    [Fact]
    public async Task A_project_runs_from_its_build_output_with_its_urls_and_environment()
    {
        await using var stack = new TestStack(output);
        stack.Builder.AddProject("web", Path.Combine(RepoRoot(), "tests/TestProjectService/TestProjectService.csproj"))
            .WithHttpEndpoint()
            .WithEnvironment("GREETING", "hi from the model")
            .WithHttpHealthCheck("/");

        await stack.StartAsync();

        using var http = new HttpClient();
        Assert.Equal("hi from the model", await http.GetStringAsync(stack.App.GetEndpoint("web")));
        var logs = stack.App.ResourceLogs.GetLines("web");
        Assert.Contains(logs, l => l.Text.Contains("TestProjectService/bin/", StringComparison.Ordinal)); // its build output, not a `dotnet run`
    }

    internal static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Orchestration.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }
}
