using Orchestration.Hosting.Orchestration;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

public sealed class OrchestratorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Independent_resources_start_in_parallel()
    {
        await using var stack = new TestStack(output);
        foreach (var name in new[] { "one", "two", "three" }) stack.Service(name, "--delay", "0.6");

        await stack.StartAsync();

        var snapshots = stack.App.ResourceNotifications.GetSnapshots();
        Assert.All(snapshots, s => Assert.Equal(ResourceState.Running, s.State));
        // Every process was launched before any became ready: none waited for another.
        Assert.True(snapshots.Max(s => s.StartedAt) < snapshots.Min(s => s.ReadyAt));
    }

    [Fact]
    public async Task WaitFor_starts_a_dependent_only_after_its_dependency_is_healthy()
    {
        await using var stack = new TestStack(output);
        var db = stack.Service("db", "--unhealthy", "5");
        stack.Service("api").WaitFor(db);

        await stack.StartAsync();

        var dbState = stack.App.ResourceNotifications.Get("db")!;
        var apiState = stack.App.ResourceNotifications.Get("api")!;
        Assert.NotNull(apiState.WaitingAt);
        Assert.True(apiState.StartedAt >= dbState.ReadyAt, $"api started at {apiState.StartedAt:O}, db ready at {dbState.ReadyAt:O}");
        var records = stack.Records();
        Assert.True(records.Single(r => r is { Event: "start", Name: "api" }).TimeNs > records.Single(r => r is { Event: "listen", Name: "db" }).TimeNs);
    }

    [Fact]
    public async Task Stack_ready_line_is_printed_once_everything_is_healthy()
    {
        await using var stack = new TestStack(output);
        var a = stack.Service("a");
        stack.Service("b").WaitFor(a);

        await stack.StartAsync();

        Assert.Contains(stack.Output.Lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Stack ready: 2 resources healthy in \d+ ms$"));
    }
}
