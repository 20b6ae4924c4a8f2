namespace Orchestration.Hosting.Tests;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using RestartPolicy = global::Orchestration.Hosting.ApplicationModel.RestartPolicy;

public sealed class LifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WaitForCompletion_starts_the_dependent_after_the_job_finished_with_exit_code_0()
    {
        await using var stack = new TestStack(output);
        var migrate = stack.Job("migrate", exitCode: 0, seconds: 0.3);
        stack.Service("api").WaitForCompletion(migrate);

        await stack.StartAsync();

        var job = await stack.StateAsync("migrate", KnownResourceStates.Finished);
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

        await stack.StartAsync();

        await stack.StateAsync("api", KnownResourceStates.FailedToStart);
        Assert.Equal(3, (await stack.StateAsync("migrate", KnownResourceStates.Exited)).ExitCode);
        Assert.Contains(stack.Output.Lines, l => l.Contains("api: FailedToStart", StringComparison.Ordinal) && l.Contains("'migrate' exited with code 3, not 0", StringComparison.Ordinal));
        Assert.Contains(stack.Output.Lines, l => l.StartsWith("Stack started with 2 failures", StringComparison.Ordinal)); // migrate, api
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

        var flaky = await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("flaky").WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(KnownResourceStates.Running, flaky.Snapshot.State?.Text);
        Assert.Equal(2, stack.Output.Lines.Count(l => l.StartsWith("flaky ", StringComparison.Ordinal) && l.Contains("restarting in", StringComparison.Ordinal)));
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

        await stack.StartAsync();

        var crash = await stack.StateAsync("crash", KnownResourceStates.Exited);
        Assert.Equal(2, crash.ExitCode);
        Assert.Equal(3, stack.Records().Count(r => r.Event == "start"));
        var failure = Assert.Single(stack.Output.Lines, l => l.Contains("- crash: Exited", StringComparison.Ordinal));
        Assert.Contains("exited with code 2 after 2 restarts", failure);
        Assert.Contains("crash exiting with 2", failure); // its own last words
    }

    [Fact]
    public async Task Shutdown_stops_dependents_before_their_dependencies()
    {
        await using var stack = new TestStack(output);
        var db = stack.Service("db");
        var api = stack.Service("api").WaitFor(db);
        stack.Service("web").WaitFor(api);
        await stack.StartAsync();

        await stack.App.StopAsync();

        var stops = stack.Records().Where(r => r.Event == "stop").Select(r => r.Name).ToList();
        Assert.Equal(["web", "api", "db"], stops);
        foreach (var name in new[] { "db", "api", "web" }) await stack.StateAsync(name, KnownResourceStates.Exited);
    }

    [Fact]
    public async Task A_dependency_that_never_becomes_healthy_fails_its_dependent_after_the_timeout_with_the_cause()
    {
        await using var stack = new TestStack(output);
        // Aspire's WaitFor has no timeout of its own: the engine's wait timeout, set as any AppHost setting is.
        stack.Builder.Configuration["Orchestration:WaitTimeout"] = "00:00:01.5";
        var db = stack.Service("db", "--unhealthy", "1000000");
        stack.Service("api").WaitFor(db);

        await stack.StartAsync();

        await stack.StateAsync("api", KnownResourceStates.FailedToStart);
        var failure = Assert.Single(stack.Output.Lines, l => l.Contains("- api: FailedToStart", StringComparison.Ordinal));
        Assert.Contains("gave up waiting for 'db' after 1.5 s", failure);
        Assert.Contains("'db' is Running, health Unhealthy", failure);
        Assert.Contains(stack.Output.Lines, l => l.Contains("- db: not healthy 1.5 s after it started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dependency_that_crashes_fails_the_whole_chain_at_once_naming_the_root_cause()
    {
        await using var stack = new TestStack(output);
        var db = stack.Service("db", "--exit-code", "1", "--exit-after", "0.2").WithRestartPolicy(RestartPolicy.Never);
        var api = stack.Service("api").WaitFor(db);
        stack.Service("web").WaitFor(api);

        var started = DateTime.UtcNow;
        await stack.StartAsync();

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "failure must not wait for the timeout");
        await stack.StateAsync("web", KnownResourceStates.FailedToStart);
        var failure = Assert.Single(stack.Output.Lines, l => l.Contains("- web: FailedToStart", StringComparison.Ordinal));
        Assert.Contains("'api' failed to start", failure);
        Assert.Contains("'db' exited with code 1 before it became healthy", failure);
        Assert.Contains("db exiting with 1", failure);
    }

    [Fact]
    public async Task A_process_that_ignores_its_stop_signal_is_killed_after_the_grace_period_with_its_children()
    {
        await using var stack = new TestStack(output);
        var stubborn = stack.Service("stubborn", "--ignore-term", "--child").WithStopSignal(gracePeriod: TimeSpan.FromMilliseconds(500));
        await stack.StartAsync();
        var records = stack.Records();
        var pid = records.Single(r => r.Event == "start").Pid;
        var child = int.Parse(records.Single(r => r.Event == "child").Extra!);
        Assert.True(ProcessCheck.IsAlive(pid) && ProcessCheck.IsAlive(child));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await Commands(stack).ExecuteCommandAsync(stubborn.Resource, KnownResourceCommands.StopCommand);

        Assert.True(result.Success, result.Message);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450), $"stopped after {clock.ElapsedMilliseconds} ms, before the grace period");
        Assert.True(await ProcessCheck.WaitGoneAsync(pid, TimeSpan.FromSeconds(5)), "the process outlived its SIGKILL");
        Assert.True(await ProcessCheck.WaitGoneAsync(child, TimeSpan.FromSeconds(5)), "its child outlived it");
        await stack.StateAsync("stubborn", KnownResourceStates.Exited);
    }

    [Fact]
    public async Task Stop_start_and_restart_commands_act_on_one_resource()
    {
        await using var stack = new TestStack(output);
        var a = stack.Service("a");
        var b = stack.Service("b");
        await stack.StartAsync();
        var notifications = stack.App.ResourceNotifications;
        var commands = Commands(stack);

        Assert.True((await commands.ExecuteCommandAsync(a.Resource, KnownResourceCommands.StopCommand)).Success);
        await stack.StateAsync("a", KnownResourceStates.Exited);
        Assert.Equal(KnownResourceStates.Running, (await stack.SnapshotAsync("b")).State?.Text);

        Assert.True((await commands.ExecuteCommandAsync(a.Resource, KnownResourceCommands.StartCommand)).Success);
        await stack.StateAsync("a", KnownResourceStates.Running);
        await notifications.WaitForResourceHealthyAsync("a").WaitAsync(TimeSpan.FromSeconds(20));

        var before = stack.Records().Last(r => r is { Event: "start", Name: "b" }).Pid;
        Assert.True((await commands.ExecuteCommandAsync(b.Resource, KnownResourceCommands.RestartCommand)).Success);
        await stack.StateAsync("b", KnownResourceStates.Running);
        Assert.NotEqual(before, stack.Records().Last(r => r is { Event: "start", Name: "b" }).Pid);
        // a: start, stop, start; b: start, stop, start.
        Assert.Equal(["start", "stop", "start"], stack.Records().Where(r => r.Name == "a").Select(r => r.Event).Where(e => e is "start" or "stop"));
        Assert.Equal(["start", "stop", "start"], stack.Records().Where(r => r.Name == "b").Select(r => r.Event).Where(e => e is "start" or "stop"));
    }

    [Fact]
    public async Task Every_output_line_is_kept_per_resource_and_printed_behind_its_prefix()
    {
        await using var stack = new TestStack(output);
        stack.Service("short");
        stack.Service("much-longer-name");
        await stack.StartAsync();

        var lines = await stack.LogsAsync("short");
        Assert.Contains(lines, l => TestStack.TextOf(l) == "short starting" && !l.IsErrorMessage);
        Assert.Contains(lines, l => TestStack.TextOf(l) == "short says hello on stderr" && l.IsErrorMessage);
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

        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("web").WaitAsync(TimeSpan.FromSeconds(30));
        using var http = stack.App.CreateHttpClient("web", "http");
        Assert.Equal("hi from the model", await http.GetStringAsync("/"));
        var logs = await stack.LogsAsync("web");
        Assert.Contains(logs, l => TestStack.TextOf(l).Contains("TestProjectService/bin/", StringComparison.Ordinal)); // its build output, not a `dotnet run`
    }

    private static ResourceCommandService Commands(TestStack stack) => stack.App.Services.GetRequiredService<ResourceCommandService>();

    internal static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Orchestration.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }
}
