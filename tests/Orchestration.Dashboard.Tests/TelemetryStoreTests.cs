using System.Net;
using Orchestration.Dashboard.Otlp.Proto.Common;
using Orchestration.Dashboard.Otlp.Proto.Logs;
using Orchestration.Dashboard.Telemetry;

namespace Orchestration.Dashboard.Tests;

/// <summary>The store's bounds and queries, fed through the OTLP receiver and read through the API.</summary>
public sealed class TelemetryStoreTests
{
    private static async Task Send(TestDashboard dashboard, string signal, Google.Protobuf.IMessage request)
    {
        using var response = await dashboard.PostProtobufAsync(signal, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Full_buffers_drop_the_oldest_traces_logs_and_metric_points()
    {
        await using var dashboard = await TestDashboard.StartAsync(o =>
        {
            o.Telemetry.MaxTracesPerResource = 3;
            o.Telemetry.MaxLogRecordsPerResource = 4;
            o.Telemetry.MaxMetricPointsPerResource = 5;
        });

        for (var i = 1; i <= 5; i++)
        {
            await Send(dashboard, "traces", Otlp.Traces("api", Otlp.Span(i, 1, $"trace {i}", Otlp.Epoch.AddSeconds(i))));
            await Send(dashboard, "logs", Otlp.Logs("api", Otlp.Log($"log {i}", Otlp.Epoch.AddSeconds(i)), Otlp.Log($"log {i}b", Otlp.Epoch.AddSeconds(i).AddMilliseconds(1))));
            await Send(dashboard, "metrics", Otlp.Gauge("api", "queue.length", (Otlp.Epoch.AddSeconds(i), i)));
        }
        // Another resource has buffers of its own.
        await Send(dashboard, "logs", Otlp.Logs("worker", Otlp.Log("worker log", Otlp.Epoch)));

        var traces = await dashboard.GetJsonAsync("/api/telemetry/traces?resource=api");
        Assert.Equal(["trace 3", "trace 4", "trace 5"], traces.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var logs = await dashboard.GetJsonAsync("/api/telemetry/logs?resource=api");
        Assert.Equal(["log 4", "log 4b", "log 5", "log 5b"], logs.EnumerateArray().Select(l => l.GetProperty("body").GetString()));
        var points = (await dashboard.GetJsonAsync("/api/telemetry/metrics?resource=api"))[0].GetProperty("points");
        Assert.Equal([1.0, 2, 3, 4, 5], points.EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
        Assert.Single((await dashboard.GetJsonAsync("/api/telemetry/logs?resource=worker")).EnumerateArray());

        await Send(dashboard, "metrics", Otlp.Gauge("api", "queue.length", (Otlp.Epoch.AddSeconds(6), 6)));
        points = (await dashboard.GetJsonAsync("/api/telemetry/metrics?resource=api"))[0].GetProperty("points");
        Assert.Equal([2.0, 3, 4, 5, 6], points.EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task A_trace_shows_the_spans_of_every_resource_it_crossed()
    {
        await using var dashboard = await TestDashboard.StartAsync();
        await Send(dashboard, "traces", Otlp.Traces("api", Otlp.Span(9, 1, "POST /upload", Otlp.Epoch), Otlp.Span(9, 2, "publish job", Otlp.Epoch.AddMilliseconds(2), parent: 1)));
        await Send(dashboard, "traces", Otlp.Traces("worker", Otlp.Span(9, 3, "process job", Otlp.Epoch.AddMilliseconds(5), parent: 2, error: true)));

        // Listed from the worker's side, the trace still has the api's spans, and its root's name.
        var trace = Assert.Single((await dashboard.GetJsonAsync("/api/telemetry/traces?resource=worker")).EnumerateArray());
        Assert.Equal("POST /upload", trace.GetProperty("name").GetString());
        Assert.Equal(["api", "worker"], trace.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(3, trace.GetProperty("spanCount").GetInt32());
        Assert.True(trace.GetProperty("hasError").GetBoolean());
        Assert.Equal(15, trace.GetProperty("durationMs").GetDouble()); // 5 ms in, plus the last span's 10 ms
    }

    [Fact]
    public async Task Logs_are_found_by_level_text_trace_and_time()
    {
        await using var dashboard = await TestDashboard.StartAsync();
        await Send(dashboard, "logs", Otlp.Logs("api",
            Otlp.Log("starting", Otlp.Epoch, SeverityNumber.Debug),
            Otlp.Log("Order 1 placed", Otlp.Epoch.AddSeconds(1), SeverityNumber.Info, trace: 5),
            Otlp.Log("Order 2 slow", Otlp.Epoch.AddSeconds(2), SeverityNumber.Warn),
            Otlp.Log("Order 3 failed", Otlp.Epoch.AddSeconds(3), SeverityNumber.Error, trace: 5)));

        async Task<string[]> Bodies(string query) =>
            [.. (await dashboard.GetJsonAsync("/api/telemetry/logs?" + query)).EnumerateArray().Select(l => l.GetProperty("body").GetString()!)];

        Assert.Equal(["Order 2 slow", "Order 3 failed"], await Bodies("level=warning"));
        Assert.Equal(["Order 3 failed"], await Bodies("level=Error&resource=api"));
        Assert.Equal(["Order 1 placed", "Order 2 slow", "Order 3 failed"], await Bodies("text=order"));
        Assert.Equal(["Order 1 placed", "Order 3 failed"], await Bodies($"traceId={Otlp.TraceIdHex(5)}"));
        Assert.Equal(["Order 1 placed", "Order 2 slow"], await Bodies("from=2026-01-01T12:00:01Z&to=2026-01-01T12:00:03Z"));
        Assert.Equal(["Order 2 slow", "Order 3 failed"], await Bodies("limit=2"));
        Assert.Empty(await Bodies("resource=worker"));
    }

    [Theory]
    [InlineData("level=loud")]
    [InlineData("traceId=xyz")]
    [InlineData("from=yesterday")]
    [InlineData("limit=0")]
    [InlineData("limit=100000")]
    public async Task A_query_that_does_not_parse_gets_400_naming_the_parameter(string query)
    {
        await using var dashboard = await TestDashboard.StartAsync();

        using var response = await dashboard.Api.GetAsync("/api/telemetry/logs?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(query.Split('=')[0], await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Long_attribute_values_and_long_attribute_lists_are_cut_to_the_limits()
    {
        await using var dashboard = await TestDashboard.StartAsync(o =>
        {
            o.Telemetry.MaxAttributeLength = 10;
            o.Telemetry.MaxAttributeCount = 2;
        });
        var request = Otlp.Logs("api", Otlp.Log(new string('b', 50), Otlp.Epoch));
        foreach (var key in new[] { "one", "two", "three" })
            request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = new string('v', 50) } });
        await Send(dashboard, "logs", request);

        var log = (await dashboard.GetJsonAsync("/api/telemetry/logs"))[0];
        Assert.Equal(new string('b', 10) + "…", log.GetProperty("body").GetString());
        Assert.Equal(["one", "two"], log.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("key").GetString()));
    }

    [Fact]
    public void Resource_keys_read_as_the_AppHost_names_copies()
    {
        Assert.Equal("api", new TelemetryResourceKey("api", "api").DisplayName);
        Assert.Equal("api-1", new TelemetryResourceKey("api", "api-1").DisplayName);
        Assert.Equal("api-3f2a9c1e", new TelemetryResourceKey("api", "3f2a9c1e-0000-4000-8000-000000000000").DisplayName);
        Assert.True(new TelemetryResourceKey("api", "api-1").Matches("api"));
        Assert.True(new TelemetryResourceKey("api", "api-1").Matches("api-1"));
        Assert.False(new TelemetryResourceKey("api", "api-1").Matches("api-0"));
    }
}
