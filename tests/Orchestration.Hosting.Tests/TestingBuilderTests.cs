using Orchestration.Hosting.Orchestration;
using Orchestration.Hosting.Testing;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

/// <summary>Orchestration.Testing starts an AppHost's own Program (tests/TestAppHost), not a copy of its model.</summary>
public sealed class TestingBuilderTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-testing-").FullName;
    private string Record => Path.Combine(_dir, "record.txt");

    private string[] Args(string scenario) => [scenario, TestStack.ServiceScript, Record, Path.Combine(_dir, "ignored-state")];

    [Fact]
    public async Task The_AppHosts_own_model_starts_healthy_and_disposal_leaves_nothing_behind()
    {
        string? state;
        List<int> pids;
        await using (var app = await DistributedApplicationTestingBuilder.StartAsync<Program>(o => o.Output = new CapturedOutput(output), Args("stack")))
        {
            Assert.Equal(["a", "b", "c"], app.ResourceNotifications.GetSnapshots().Select(s => s.Name).Order());
            Assert.All(app.ResourceNotifications.GetSnapshots(), s => Assert.Equal(ResourceHealth.Healthy, s.Health));
            using var http = app.CreateHttpClient("c");
            Assert.Equal("c", await http.GetStringAsync("/"));
            await app.WaitForHealthyAsync("a");
            state = app.Application.Services.GetService(typeof(ApplicationModel.AppHostDirectories)) is ApplicationModel.AppHostDirectories d ? d.State : null;
            var records = File.ReadAllLines(Record).Select(RecordEntry.Parse).ToList();
            pids = [.. records.Where(r => r.Event == "start").Select(r => r.Pid), .. records.Where(r => r.Event == "child").Select(r => int.Parse(r.Extra!))];
        }

        foreach (var pid in pids) Assert.False(ProcessCheck.IsAlive(pid), $"pid {pid} outlived the test application");
        Assert.NotNull(state);
        Assert.False(Directory.Exists(state), "the test's state folder was left behind");
    }

    [Fact]
    public async Task Fixed_ports_of_the_model_become_free_ports_so_a_test_runs_beside_a_running_stack()
    {
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 8080);
        var have8080 = TryStart(squatter);

        await using var app = await DistributedApplicationTestingBuilder.StartAsync<Program>(o => o.Output = new CapturedOutput(output), Args("fixed-port"));

        var url = app.Application.GetEndpoint("gateway", "public");
        Assert.NotEqual(8080, url.Port);
        Assert.True(have8080 || url.Port != 8080);
    }

    [Fact]
    public async Task An_invalid_model_fails_the_test_start_with_the_validation_problems()
    {
        var error = await Assert.ThrowsAsync<ModelValidationException>(() =>
            DistributedApplicationTestingBuilder.StartAsync<Program>(o => o.Output = new CapturedOutput(output), Args("invalid")));
        Assert.Contains(error.Problems, p => p.Contains("x → y → x", StringComparison.Ordinal));
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
