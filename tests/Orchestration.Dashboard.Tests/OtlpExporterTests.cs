using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orchestration.Dashboard.Tests;

/// <summary>
/// The OpenTelemetry .NET SDK's own exporters, over gRPC and HTTP/protobuf, into the receiver; what
/// they sent is read back through the JSON API.
/// </summary>
public sealed class OtlpExporterTests : IAsyncLifetime
{
    private TestDashboard _dashboard = null!;

    // Activity sources and meters are process-wide: a name of its own keeps other tests' activities out.
    private readonly string _source = "tests-" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync() => _dashboard = await TestDashboard.StartAsync();

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    public static TheoryData<OtlpExportProtocol> Protocols => [OtlpExportProtocol.Grpc, OtlpExportProtocol.HttpProtobuf];

    private void Exporter(OtlpExporterOptions o, OtlpExportProtocol protocol, string signal)
    {
        o.Protocol = protocol;
        // Set in code, the HTTP endpoint is the signal's full URL; gRPC takes the server's.
        o.Endpoint = protocol == OtlpExportProtocol.Grpc ? _dashboard.Server.OtlpGrpcUrl : new Uri(_dashboard.Server.OtlpHttpUrl, $"/v1/{signal}");
        o.Headers = $"x-otlp-api-key={_dashboard.Server.OtlpApiKey}";
        o.ExportProcessorType = ExportProcessorType.Simple;
    }

    private static ResourceBuilder Service(string name) => ResourceBuilder.CreateEmpty().AddService(name, serviceInstanceId: name + "-0");

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Spans_arrive_as_a_trace_with_parent_child_links_and_attributes(OtlpExportProtocol protocol)
    {
        using (var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(Service("api")).AddSource(_source)
                   .AddOtlpExporter(o => Exporter(o, protocol, "traces")).Build())
        using (var source = new ActivitySource(_source))
        {
            using (var request = source.StartActivity("GET /orders", ActivityKind.Server))
            {
                using var query = source.StartActivity("SELECT orders", ActivityKind.Client);
                query!.SetTag("db.system", "postgresql");
                query.SetStatus(ActivityStatusCode.Error, "timeout");
                query.AddEvent(new ActivityEvent("retry"));
            }
            Assert.True(tracing.ForceFlush(10_000));
        }

        var traces = await _dashboard.GetJsonAsync("/api/telemetry/traces?resource=api");
        var trace = Assert.Single(traces.EnumerateArray());
        Assert.Equal("GET /orders", trace.GetProperty("name").GetString());
        Assert.True(trace.GetProperty("hasError").GetBoolean());
        Assert.Equal(["api-0"], trace.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(2, spans.Count);
        var root = spans.Single(s => s.GetProperty("name").GetString() == "GET /orders");
        var child = spans.Single(s => s.GetProperty("name").GetString() == "SELECT orders");
        Assert.Equal(root.GetProperty("spanId").GetString(), child.GetProperty("parentSpanId").GetString());
        Assert.False(root.TryGetProperty("parentSpanId", out _));
        Assert.Equal("Server", root.GetProperty("kind").GetString());
        Assert.Equal("Client", child.GetProperty("kind").GetString());
        Assert.Equal("Error", child.GetProperty("status").GetString());
        Assert.Equal("timeout", child.GetProperty("statusMessage").GetString());
        Assert.Contains(child.GetProperty("attributes").EnumerateArray(), a => a.GetProperty("key").GetString() == "db.system" && a.GetProperty("value").GetString() == "postgresql");
        Assert.Equal("retry", Assert.Single(child.GetProperty("events").EnumerateArray()).GetProperty("name").GetString());

        // The same trace by its id, and nothing for another resource.
        var id = trace.GetProperty("traceId").GetString();
        Assert.Equal(2, (await _dashboard.GetJsonAsync($"/api/telemetry/traces/{id}")).GetProperty("spanCount").GetInt32());
        Assert.Empty((await _dashboard.GetJsonAsync("/api/telemetry/traces?resource=worker")).EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Logs_arrive_with_level_message_attributes_and_the_trace_they_were_written_in(OtlpExportProtocol protocol)
    {
        string traceId;
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(_source).Build()) // ids only, nothing exported
        using (var source = new ActivitySource(_source))
        using (var logging = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
               {
                   o.SetResourceBuilder(Service("worker"));
                   o.IncludeFormattedMessage = true;
                   o.AddOtlpExporter(e => Exporter(e, protocol, "logs"));
               })))
        {
            var logger = logging.CreateLogger("Worker.Jobs");
            logger.LogInformation("Job {JobId} started", 7);
            using (var activity = source.StartActivity("job"))
            {
                traceId = activity!.TraceId.ToHexString();
                logger.LogWarning("Job {JobId} is slow: {Seconds} s", 7, 12.5);
            }
            logger.LogError("Job {JobId} failed", 8);
        } // disposing the logger factory flushes

        var all = await _dashboard.GetJsonAsync("/api/telemetry/logs?resource=worker");
        Assert.Equal(["Information", "Warning", "Error"], all.EnumerateArray().Select(l => l.GetProperty("level").GetString()));
        Assert.Equal("Worker.Jobs", all[0].GetProperty("scope").GetString());

        var warnings = await _dashboard.GetJsonAsync("/api/telemetry/logs?resource=worker&level=warning");
        Assert.Equal(2, warnings.GetArrayLength());

        var slow = Assert.Single((await _dashboard.GetJsonAsync("/api/telemetry/logs?text=SLOW")).EnumerateArray());
        Assert.Equal("Job 7 is slow: 12.5 s", slow.GetProperty("body").GetString());
        Assert.Equal(traceId, slow.GetProperty("traceId").GetString());
        Assert.Contains(slow.GetProperty("attributes").EnumerateArray(), a => a.GetProperty("key").GetString() == "JobId" && a.GetProperty("value").GetString() == "7");

        var inTrace = Assert.Single((await _dashboard.GetJsonAsync($"/api/telemetry/logs?traceId={traceId}")).EnumerateArray());
        Assert.Equal("Warning", inTrace.GetProperty("level").GetString());
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Metrics_arrive_as_instruments_with_points(OtlpExportProtocol protocol)
    {
        using (var meter = new Meter(_source))
        using (var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(Service("api")).AddMeter(_source)
                   .AddOtlpExporter((e, reader) =>
                   {
                       Exporter(e, protocol, "metrics");
                       reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000; // only ForceFlush exports
                   }).Build())
        {
            var orders = meter.CreateCounter<long>("orders.placed", unit: "{order}", description: "Orders placed");
            var latency = meter.CreateHistogram<double>("orders.latency", unit: "ms");
            orders.Add(2, new KeyValuePair<string, object?>("region", "eu"));
            orders.Add(3, new KeyValuePair<string, object?>("region", "eu"));
            latency.Record(12);
            latency.Record(250);
            Assert.True(metrics.ForceFlush(10_000));
        }

        var all = await _dashboard.GetJsonAsync("/api/telemetry/metrics?resource=api");
        Assert.Equal(["orders.latency", "orders.placed"], all.EnumerateArray().Select(m => m.GetProperty("instrument").GetProperty("name").GetString()));

        var counter = Assert.Single((await _dashboard.GetJsonAsync("/api/telemetry/metrics?resource=api&name=orders.placed")).EnumerateArray());
        var instrument = counter.GetProperty("instrument");
        Assert.Equal("Sum", instrument.GetProperty("kind").GetString());
        Assert.True(instrument.GetProperty("isMonotonic").GetBoolean());
        Assert.Equal("{order}", instrument.GetProperty("unit").GetString());
        // Cumulative: the flush and the provider's final export on dispose both report the total so far.
        var point = counter.GetProperty("points").EnumerateArray().Last();
        Assert.Equal(5, point.GetProperty("value").GetDouble());
        Assert.Equal("eu", Assert.Single(point.GetProperty("attributes").EnumerateArray()).GetProperty("value").GetString());

        var histogram = Assert.Single((await _dashboard.GetJsonAsync("/api/telemetry/metrics?name=orders.latency")).EnumerateArray());
        var distribution = histogram.GetProperty("points").EnumerateArray().Last().GetProperty("histogram");
        Assert.Equal(2UL, distribution.GetProperty("count").GetUInt64());
        Assert.Equal(262, distribution.GetProperty("sum").GetDouble());
        Assert.Equal(distribution.GetProperty("bounds").GetArrayLength() + 1, distribution.GetProperty("bucketCounts").GetArrayLength());
    }

    [Fact]
    public async Task The_telemetry_resources_list_names_every_sender()
    {
        using (var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(Service("api")).AddSource(_source)
                   .AddOtlpExporter(o => Exporter(o, OtlpExportProtocol.Grpc, "traces")).Build())
        using (var source = new ActivitySource(_source))
        {
            source.StartActivity("one")?.Dispose();
            Assert.True(tracing.ForceFlush(10_000));
        }

        var resource = Assert.Single((await _dashboard.GetJsonAsync("/api/telemetry/resources")).EnumerateArray());
        Assert.Equal("api-0", resource.GetProperty("name").GetString());
        Assert.Equal("api", resource.GetProperty("serviceName").GetString());
        Assert.Equal(1, resource.GetProperty("traces").GetInt32());
        Assert.Equal(JsonValueKind.Array, resource.GetProperty("attributes").ValueKind);
    }
}
