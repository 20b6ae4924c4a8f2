namespace Orchestration.Hosting.Tests;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;
using RestartPolicy = global::Orchestration.Hosting.ApplicationModel.RestartPolicy;

public sealed class HealthCheckTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_check_registered_with_Microsoft_Extensions_HealthChecks_gates_dependents()
    {
        await using var stack = new TestStack(output);
        var ready = Path.Combine(stack.Directory, "ready");
        var checks = 0;
        stack.Builder.Services.AddHealthChecks().AddCheck("ready-file", () =>
        {
            Interlocked.Increment(ref checks);
            return File.Exists(ready) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("no ready file yet");
        });
        var queue = stack.Builder.AddExecutable("queue", "sleep", stack.Directory, "600").WithHealthCheck("ready-file");
        stack.Service("api").WaitFor(queue);

        var start = stack.StartAsync();
        await stack.StateAsync("api", KnownResourceStates.Waiting);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Volatile.Read(ref checks) < 3 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(Volatile.Read(ref checks) >= 3, "the registered check was not polled");
        // Polled and failing: queue is not ready, so api has not started.
        Assert.NotEqual(KnownResourceStates.Running, (await stack.SnapshotAsync("queue")).State?.Text);
        Assert.Equal(KnownResourceStates.Waiting, (await stack.SnapshotAsync("api")).State?.Text);
        Assert.DoesNotContain(stack.Records(), r => r.Name == "api");

        await File.WriteAllTextAsync(ready, "");
        await start;

        var api = await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HealthStatus.Healthy, api.Snapshot.HealthStatus);
        Assert.Equal(HealthStatus.Healthy, (await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("queue").WaitAsync(TimeSpan.FromSeconds(20))).Snapshot.HealthStatus);
    }

    [Fact]
    public async Task Each_replica_is_checked_at_its_own_address()
    {
        await using var stack = new TestStack(output);
        // The first copy to start answers /health with 503 while this file exists; the other is healthy at once.
        var sickLock = Path.Combine(stack.Directory, "sick");
        stack.Service("web", "--sick-lock", sickLock).WithAnnotation(new ReplicaAnnotation(2));

        var start = stack.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(stack.Records().Count(r => r is { Event: "listen", Name: "web" }) == 2 && stack.Records().Any(r => r is { Event: "sick" })) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        // Checked through the resource's one address (a proxy over both), the sick copy would pass every other poll.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(start.IsCompleted, "the stack settled while one replica answered 503");
        Assert.NotEqual(HealthStatus.Healthy, (await stack.SnapshotAsync("web")).HealthStatus);
        var sick = stack.Records().Single(r => r.Event == "sick").Pid;
        Assert.Contains(stack.Output.Lines, l => l.StartsWith("web-", StringComparison.Ordinal) && l.Contains("| healthy", StringComparison.Ordinal));

        File.Delete(sickLock);
        await start;

        Assert.Equal(HealthStatus.Healthy, (await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("web").WaitAsync(TimeSpan.FromSeconds(20))).Snapshot.HealthStatus);
        Assert.Equal(2, stack.Output.Lines.Count(l => l.StartsWith("web-", StringComparison.Ordinal) && l.Contains("| healthy", StringComparison.Ordinal)));
        Assert.Contains(stack.Records(), r => r.Event == "listen" && r.Pid == sick);
    }

    [Fact]
    public async Task RestartPolicy_Always_restarts_a_process_that_exited_normally()
    {
        await using var stack = new TestStack(output);
        stack.Job("ticker", exitCode: 0, seconds: 0.1)
            .WithRestartPolicy(RestartPolicy.Always, maxRestarts: 2, initialBackoff: TimeSpan.FromMilliseconds(50));

        await stack.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (stack.Records().Count(r => r.Event == "exit") < 3 && DateTime.UtcNow < deadline) await Task.Delay(50);
        var final = await stack.SnapshotAsync("ticker", s => s.State?.Text is "Finished" or "Exited");
        await Task.Delay(500); // a fourth run would have started by now (backoff 200 ms)

        Assert.Equal(0, final.ExitCode);
        Assert.Equal(3, stack.Records().Count(r => r.Event == "start"));
        Assert.Equal(2, stack.Output.Lines.Count(l => l.StartsWith("ticker ", StringComparison.Ordinal) && l.Contains("restarting in", StringComparison.Ordinal)));
    }
}
