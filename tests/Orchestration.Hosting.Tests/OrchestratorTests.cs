namespace Orchestration.Hosting.Tests;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Xunit.Abstractions;

public sealed class OrchestratorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Independent_resources_start_in_parallel()
    {
        await using var stack = new TestStack(output);
        foreach (var name in new[] { "one", "two", "three" }) stack.Service(name, "--delay", "0.6");

        await stack.StartAsync();

        foreach (var name in new[] { "one", "two", "three" }) await stack.StateAsync(name, KnownResourceStates.Running);
        // Every process was launched before any listened (0.6 s after its start): none waited for another.
        var records = stack.Records();
        Assert.Equal(3, records.Count(r => r.Event == "start"));
        Assert.True(records.Where(r => r.Event == "start").Max(r => r.TimeNs) < records.Where(r => r.Event == "listen").Min(r => r.TimeNs));
    }

    [Fact]
    public async Task WaitFor_starts_a_dependent_only_after_its_dependency_is_healthy()
    {
        await using var stack = new TestStack(output);
        var db = stack.Service("db", "--unhealthy", "5");
        stack.Service("api").WaitFor(db);

        await stack.StartAsync();

        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains(KnownResourceStates.Waiting, stack.StatesOf("api"));
        var records = stack.Records();
        Assert.True(records.Single(r => r is { Event: "start", Name: "api" }).TimeNs > records.Single(r => r is { Event: "listen", Name: "db" }).TimeNs);
        // db answered 503 five times first: api started only once db's check passed, which the console shows in that order.
        var lines = stack.Output.Lines.ToList();
        var dbHealthy = lines.FindIndex(l => l.StartsWith("db ", StringComparison.Ordinal) && l.Contains("| healthy", StringComparison.Ordinal));
        var apiRunning = lines.FindIndex(l => l.StartsWith("api ", StringComparison.Ordinal) && l.Contains("| running (pid", StringComparison.Ordinal));
        Assert.True(dbHealthy >= 0 && apiRunning > dbHealthy, string.Join('\n', lines));
    }

    [Fact]
    public async Task Stack_ready_line_is_printed_once_everything_is_healthy()
    {
        await using var stack = new TestStack(output);
        var a = stack.Service("a");
        stack.Service("b").WaitFor(a);

        await stack.StartAsync();

        Assert.Single(stack.Output.Lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Stack ready: 2 resources healthy in \d+ ms$"));
    }
}
