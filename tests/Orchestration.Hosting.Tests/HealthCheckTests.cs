using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

public sealed class HealthCheckTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_check_registered_with_Microsoft_Extensions_HealthChecks_gates_dependents()
    {
        await using var stack = new TestStack(output);
        var ready = Path.Combine(stack.Directory, "ready");
        stack.Builder.Services.AddHealthChecks().AddCheck("ready-file", () =>
            File.Exists(ready) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("no ready file yet"));
        var queue = stack.Builder.AddExecutable("queue", "sleep", stack.Directory, "600").WithHealthCheck("ready-file");
        stack.Service("api").WaitFor(queue);

        var start = stack.StartAsync();
        var queueState = await stack.App.ResourceNotifications.WaitForResourceAsync("queue", s => s.Health == ResourceHealth.Unhealthy)
            .WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("ready-file: no ready file yet", queueState.HealthMessage);
        Assert.Equal(ResourceState.Waiting, stack.App.ResourceNotifications.Get("api")!.State);

        await File.WriteAllTextAsync(ready, "");
        await start;

        Assert.Equal(ResourceHealth.Healthy, stack.App.ResourceNotifications.Get("api")!.Health);
    }

    [Fact]
    public async Task A_delegate_check_sees_the_replicas_own_address()
    {
        await using var stack = new TestStack(output);
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var web = stack.Service("web").WithReplicas(2);
        web.WithHealthCheck("own-port", async (ctx, ct) =>
        {
            seen.Add(await web.GetEndpoint("http").Property(EndpointProperty.Port).GetValueAsync(ctx.Resolver, ct) ?? "");
            return HealthCheckResult.Healthy();
        });

        await stack.StartAsync();

        var ports = stack.App.ResourceNotifications.GetReplicas("web").Select(r => new Uri(r.Endpoints[0].Url).Port.ToString()).ToHashSet();
        Assert.Equal(2, ports.Count);
        Assert.Subset(seen.ToHashSet(), ports);
        Assert.Superset(ports, seen.ToHashSet());
    }

    [Fact]
    public async Task RestartPolicy_Always_restarts_a_process_that_exited_normally()
    {
        await using var stack = new TestStack(output);
        stack.Job("ticker", exitCode: 0, seconds: 0.1)
            .WithRestartPolicy(RestartPolicy.Always, maxRestarts: 2, initialBackoff: TimeSpan.FromMilliseconds(50));

        await stack.StartAsync();
        var final = await stack.App.ResourceNotifications.WaitForResourceAsync("ticker", s => s.IsTerminal).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, final.RestartCount);
        Assert.Equal(3, stack.Records().Count(r => r.Event == "start"));
    }
}
