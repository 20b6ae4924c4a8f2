using System.Diagnostics;
using Orchestration.Hosting.Orchestration;
using Orchestration.Hosting.Testing;
using Xunit.Abstractions;

namespace Orchestration.Stack.Tests;

/// <summary>
/// Uploads in flight while a part of the stack dies (SIGKILL; the AppHost restarts it) or the whole stack is
/// stopped and started again. Whatever happened, every upload answered 2xx is processed with its sha256 within
/// 60 s of recovery, nothing answers 500, and no object is left in S3 without its row.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    private const int Uploads = 120;
    private const int Concurrency = 16;
    private const int AnsweredBeforeFault = 30;
    private static readonly TimeSpan ProcessedWithin = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("redis")]
    [InlineData("worker")]
    [InlineData("postgres")]
    [InlineData("api")]
    public async Task Uploads_survive_a_SIGKILL_of(string resource)
    {
        await using var app = await Stack.StartAsync(output);
        using var gateway = LoadClient(app);
        var load = new UploadLoad(gateway, Uploads, Concurrency);
        var running = load.RunAsync();

        await load.WaitAnsweredAsync(AnsweredBeforeFault, TimeSpan.FromSeconds(60));
        var killed = app.ResourceNotifications.Get(resource)!;
        var answered = load.Answered;
        Process.GetProcessById(killed.Pid!.Value).Kill(entireProcessTree: true);
        output.WriteLine($"SIGKILL {resource} (pid {killed.Pid}) after {answered} answers");
        var outcomes = await running;

        // Recovered: the AppHost restarted it and it is healthy again.
        using var recovery = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await app.ResourceNotifications.WaitForResourceAsync(resource,
            s => s.RestartCount >= 1 && s.State == ResourceState.Running && s.Health == ResourceHealth.Healthy, recovery.Token);

        var report = await AcceptedWork.CheckAsync(app, outcomes, ProcessedWithin, output);
        Assert.True(report.Accepted >= AnsweredBeforeFault / 2, $"too few uploads accepted to prove anything: {report}");
        AcceptedWork.AssertKept(report);
    }

    [Fact]
    public async Task Uploads_survive_a_stop_of_the_stack_and_a_start_over_the_same_state()
    {
        var state = Directory.CreateTempSubdirectory("orch-fault-state-").FullName;
        try
        {
            var first = await Stack.StartAsync(output, o => o.StateDirectory = state);
            IReadOnlyList<UploadOutcome> outcomes;
            try
            {
                using var gateway = LoadClient(first);
                var load = new UploadLoad(gateway, Uploads, Concurrency);
                var running = load.RunAsync();
                await load.WaitAnsweredAsync(AnsweredBeforeFault, TimeSpan.FromSeconds(60));
                // What Ctrl+C does: the stack stops in reverse dependency order, uploads still arriving.
                output.WriteLine($"stopping the stack after {load.Answered} answers");
                var stopping = first.DisposeAsync().AsTask();
                outcomes = await running;
                await stopping;
            }
            catch
            {
                await first.DisposeAsync();
                throw;
            }

            await using var second = await Stack.StartAsync(output, o => o.StateDirectory = state);
            var report = await AcceptedWork.CheckAsync(second, outcomes, ProcessedWithin, output);
            Assert.True(report.Accepted >= AnsweredBeforeFault / 2, $"too few uploads accepted to prove anything: {report}");
            AcceptedWork.AssertKept(report);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static HttpClient LoadClient(TestingApplication app)
    {
        var client = app.CreateHttpClient("gateway");
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }
}
