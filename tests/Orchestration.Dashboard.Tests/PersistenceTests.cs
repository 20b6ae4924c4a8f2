using System.Net;

namespace Orchestration.Dashboard.Tests;

/// <summary>Dashboard:Persist: what one run received is there again after a restart.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("dashboard-persist-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private Task<TestDashboard> StartAsync(bool persist = true) => TestDashboard.StartAsync(o =>
    {
        o.Persist = persist;
        o.PersistDirectory = _state;
    });

    private static async Task Send(TestDashboard dashboard, string signal, Google.Protobuf.IMessage request)
    {
        using var response = await dashboard.PostProtobufAsync(signal, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Traces_logs_and_metrics_survive_a_restart()
    {
        await using (var first = await StartAsync())
        {
            await Send(first, "traces", Otlp.Traces("api", Otlp.Span(7, 1, "POST /upload", Otlp.Epoch), Otlp.Span(7, 2, "INSERT app", Otlp.Epoch.AddMilliseconds(1), parent: 1)));
            await Send(first, "traces", Otlp.Traces("worker", Otlp.Span(7, 3, "process job", Otlp.Epoch.AddMilliseconds(5), parent: 2, error: true)));
            await Send(first, "logs", Otlp.Logs("api", Otlp.Log("stored document 1", Otlp.Epoch, trace: 7)));
            await Send(first, "metrics", Otlp.Gauge("api", "queue.length", (Otlp.Epoch, 3), (Otlp.Epoch.AddSeconds(1), 4)));
        }

        var file = Assert.Single(Directory.GetFiles(_state));
        Assert.Equal("dashboard-telemetry.json.gz", Path.GetFileName(file));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        await using var second = await StartAsync();
        var trace = Assert.Single((await second.GetJsonAsync("/api/telemetry/traces?resource=worker")).EnumerateArray());
        Assert.Equal("POST /upload", trace.GetProperty("name").GetString());
        Assert.Equal(3, trace.GetProperty("spanCount").GetInt32());
        Assert.True(trace.GetProperty("hasError").GetBoolean());
        var log = Assert.Single((await second.GetJsonAsync($"/api/telemetry/logs?resource=api&traceId={Otlp.TraceIdHex(7)}")).EnumerateArray());
        Assert.Equal("stored document 1", log.GetProperty("body").GetString());
        var metric = Assert.Single((await second.GetJsonAsync("/api/telemetry/metrics?resource=api")).EnumerateArray());
        Assert.Equal([3.0, 4], metric.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));

        // New telemetry lists after the restored: the newest trace comes last.
        await Send(second, "traces", Otlp.Traces("api", Otlp.Span(8, 1, "GET /documents", Otlp.Epoch.AddSeconds(10))));
        Assert.Equal(["POST /upload", "GET /documents"],
            (await second.GetJsonAsync("/api/telemetry/traces?resource=api")).EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Without_the_flag_nothing_is_written_or_read()
    {
        await using (var first = await StartAsync(persist: false))
            await Send(first, "logs", Otlp.Logs("api", Otlp.Log("gone", Otlp.Epoch)));
        Assert.Empty(Directory.GetFiles(_state));
    }

    [Fact]
    public async Task An_unreadable_file_starts_an_empty_dashboard()
    {
        await File.WriteAllTextAsync(Path.Combine(_state, "dashboard-telemetry.json.gz"), "not gzip");
        await using var dashboard = await StartAsync();
        Assert.Empty((await dashboard.GetJsonAsync("/api/telemetry/traces")).EnumerateArray());
    }
}
