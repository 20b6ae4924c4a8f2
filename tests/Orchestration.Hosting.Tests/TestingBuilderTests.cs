using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.NativeRuntime.Running;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

/// <summary>
/// Aspire's own testing builder (Aspire.Hosting.Testing) starts an Aspire AppHost's Program (tests/TestAppHost), not a
/// copy of its model; the AppHost's <c>UseNativeRuntime()</c> runs it natively, with the test's random ports.
/// </summary>
public sealed class TestingBuilderTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-testing-").FullName;
    private string Record => Path.Combine(_dir, "record.txt");

    private string[] Args(string scenario) => [scenario, TestStack.ServiceScript, Record, Path.Combine(_dir, "state")];

    /// <summary>Aspire's testing builder runs the AppHost's Main up to Build(); the engine's console goes to the test's log.</summary>
    private async Task<global::Aspire.Hosting.DistributedApplication> BuildAsync(string scenario)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TestAppHost>(Args(scenario));
        builder.Services.AddSingleton(new NativeOptionsConfiguration(o => o.Output = new CapturedOutput(output)));
        return await builder.BuildAsync();
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task The_AppHosts_own_model_starts_healthy_and_disposal_leaves_nothing_behind()
    {
        List<int> pids;
        await using (var app = await BuildAsync("stack"))
        {
            await app.StartAsync(Timeout());

            foreach (var name in (string[])["a", "b", "c"])
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, Timeout());
            using var http = app.CreateHttpClient("c");
            Assert.Equal("c", await http.GetStringAsync("/"));
            var records = File.ReadAllLines(Record).Select(RecordEntry.Parse).ToList();
            Assert.Equal(["a", "b", "c"], records.Where(r => r.Event == "start").Select(r => r.Name));
            pids = [.. records.Where(r => r.Event == "start").Select(r => r.Pid), .. records.Where(r => r.Event == "child").Select(r => int.Parse(r.Extra!))];
        }

        Assert.Equal(5, pids.Count); // three services, two grandchildren
        foreach (var pid in pids) Assert.False(ProcessCheck.IsAlive(pid), $"pid {pid} outlived the test application");
    }

    [Fact]
    public async Task Fixed_ports_of_the_model_become_free_ports_so_a_test_runs_beside_a_running_stack()
    {
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 8080);
        var have8080 = TryStart(squatter);

        await using var app = await BuildAsync("fixed-port");
        await app.StartAsync(Timeout());
        await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", Timeout());

        var url = app.GetEndpoint("gateway", "public");
        Assert.NotEqual(8080, url.Port);
        Assert.True(have8080 || url.Port != 8080);
    }

    [Fact]
    public async Task An_invalid_model_fails_the_test_start_with_the_validation_problems()
    {
        await using var app = await BuildAsync("invalid");

        var error = await Assert.ThrowsAsync<ModelRejectedException>(() => app.StartAsync(Timeout()));

        Assert.Contains("x → y → x", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Record), "a resource was started");
    }

    private static bool TryStart(System.Net.Sockets.TcpListener listener)
    {
        try { listener.Start(); return true; }
        catch (System.Net.Sockets.SocketException) { return false; }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
