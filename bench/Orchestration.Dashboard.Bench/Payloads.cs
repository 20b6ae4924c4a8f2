using System.Buffers.Binary;
using Google.Protobuf;
using Orchestration.Dashboard.Otlp.Proto.Collector.Logs;
using Orchestration.Dashboard.Otlp.Proto.Collector.Metrics;
using Orchestration.Dashboard.Otlp.Proto.Collector.Trace;
using Orchestration.Dashboard.Otlp.Proto.Common;
using Orchestration.Dashboard.Otlp.Proto.Logs;
using Orchestration.Dashboard.Otlp.Proto.Metrics;
using Orchestration.Dashboard.Otlp.Proto.Resource;
using Orchestration.Dashboard.Otlp.Proto.Trace;

namespace Orchestration.Dashboard.Bench;

/// <summary>
/// One OTLP request, serialized once. A trace template has the offsets of its trace ids, so each send
/// stamps fresh ones into a copy (8 bytes per trace) and the dashboard sees new traces, not the same
/// ones again: the generator does no protobuf work per send.
/// </summary>
internal sealed class Payload(byte[] bytes, int[] traceIdOffsets, int items)
{
    private readonly byte[] _template = bytes;

    public int Items { get; } = items;
    public int Length => _template.Length;

    /// <summary>A copy to send from: the sender owns it and restamps it each time.</summary>
    public byte[] NewBuffer() => (byte[])_template.Clone();

    /// <summary>Writes <paramref name="sequence"/> into the first 8 bytes of every trace id (the template's last 8 tell the traces apart).</summary>
    public void Stamp(byte[] buffer, long sequence)
    {
        foreach (var offset in traceIdOffsets) BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(offset, 8), sequence);
    }
}

/// <summary>Realistic-looking requests of the sample stack's shape: HTTP server spans with client children, logs with trace context, metrics of three kinds.</summary>
internal static class Payloads
{
    private static readonly DateTime Start = DateTime.UtcNow;
    private static ulong Nanos(DateTime t) => (ulong)(t - DateTime.UnixEpoch).Ticks * 100;

    public const int SpansPerTrace = 8;

    private static Resource Resource(string service) => new()
    {
        Attributes =
        {
            Str("service.name", service), Str("service.instance.id", service + "-0"), Str("telemetry.sdk.name", "opentelemetry"),
            Str("telemetry.sdk.language", "dotnet"), Str("telemetry.sdk.version", "1.20.1"), Str("host.name", "bench"),
        },
    };

    private static KeyValue Str(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
    private static KeyValue Int(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    private static byte[] TraceIdBytes(int template, int trace)
    {
        var id = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(id, 0x5A5A5A5A5A5A5A5A); // replaced by Stamp
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(8), 0x0DA5B0A4);
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(12), template * 100_000 + trace + 1);
        return id;
    }

    private static byte[] SpanIdBytes(int trace, int span)
    {
        var id = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(id, trace + 1);
        BinaryPrimitives.WriteInt32BigEndian(id.AsSpan(4), span + 1);
        return id;
    }

    /// <summary>512 spans (64 traces of 8) of one service.</summary>
    public static Payload Traces(string service, int template, int spans = 512)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore", Version = "10.0.0" } };
        var ids = new List<byte[]>();
        var traces = spans / SpansPerTrace;
        for (var t = 0; t < traces; t++)
        {
            var traceId = TraceIdBytes(template, t);
            ids.Add(traceId);
            var begin = Start.AddMilliseconds(t * 3);
            for (var s = 0; s < SpansPerTrace; s++)
            {
                var root = s == 0;
                var span = new Span
                {
                    TraceId = ByteString.CopyFrom(traceId),
                    SpanId = ByteString.CopyFrom(SpanIdBytes(t, s)),
                    ParentSpanId = root ? ByteString.Empty : ByteString.CopyFrom(SpanIdBytes(t, 0)),
                    Name = root ? "POST /documents" : s % 3 == 0 ? "INSERT app" : s % 3 == 1 ? "SET" : "PUT documents",
                    Kind = root ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
                    StartTimeUnixNano = Nanos(begin.AddMilliseconds(s)),
                    EndTimeUnixNano = Nanos(begin.AddMilliseconds(root ? 20 : s + 1.5)),
                    Status = new Status { Code = t % 50 == 0 && root ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
                };
                if (root)
                    span.Attributes.Add([Str("http.request.method", "POST"), Str("http.route", "/documents"), Str("url.path", $"/documents/{t}"),
                        Str("url.scheme", "http"), Int("http.response.status_code", 201), Str("server.address", "127.0.0.1"), Int("server.port", 5080),
                        Str("user_agent.original", "python-requests/2.28.1"), Str("network.protocol.version", "1.1")]);
                else
                    span.Attributes.Add([Str("db.system", s % 3 == 0 ? "postgresql" : "redis"), Str("db.statement", s % 3 == 0 ? "INSERT INTO documents (id, name) VALUES ($1, $2)" : $"SET doc:{t}"),
                        Str("server.address", "127.0.0.1"), Int("server.port", 5432 + s), Str("db.name", "app")]);
                scope.Spans.Add(span);
            }
        }
        var request = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = Resource(service), ScopeSpans = { scope } } } };
        var bytes = request.ToByteArray();
        var offsets = new List<int>();
        foreach (var id in ids)
        {
            var at = 0;
            while (bytes.AsSpan(at).IndexOf(id) is var found and >= 0)
            {
                offsets.Add(at + found);
                at += found + id.Length;
            }
        }
        if (offsets.Count != spans - spans % SpansPerTrace) throw new InvalidOperationException($"found {offsets.Count} trace ids, expected {spans}");
        return new Payload(bytes, [.. offsets], traces * SpansPerTrace);
    }

    /// <summary>512 log records of one service, each in a trace.</summary>
    public static Payload Logs(string service, int records = 512)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Api.Documents" } };
        for (var i = 0; i < records; i++)
            scope.LogRecords.Add(new LogRecord
            {
                TimeUnixNano = Nanos(Start.AddMilliseconds(i)),
                ObservedTimeUnixNano = Nanos(Start.AddMilliseconds(i)),
                SeverityNumber = i % 20 == 0 ? SeverityNumber.Warn : SeverityNumber.Info,
                SeverityText = i % 20 == 0 ? "Warning" : "Information",
                Body = new AnyValue { StringValue = $"Stored document {i} ({1000 + i * 7} bytes) in bucket documents" },
                Attributes = { Str("document.id", i.ToString()), Int("document.size", 1000 + i * 7), Str("bucket", "documents"), Str("{OriginalFormat}", "Stored document {document.id} ({document.size} bytes) in bucket {bucket}") },
                TraceId = ByteString.CopyFrom(TraceIdBytes(0, i)),
                SpanId = ByteString.CopyFrom(SpanIdBytes(i, 0)),
            });
        var request = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = Resource(service), ScopeLogs = { scope } } } };
        return new Payload(request.ToByteArray(), [], records);
    }

    /// <summary>512 data points of one service: gauges, counters and histograms over a few dimensions.</summary>
    public static Payload Metrics(string service, int batch, int points = 512)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore.Hosting" } };
        var perInstrument = points / 4;
        var time = Start.AddSeconds(batch);
        Metric Instrument(string name, string unit) => new() { Name = name, Unit = unit, Description = name + " (bench)" };
        var gauge = Instrument("process.memory.usage", "By"); gauge.Gauge = new Gauge();
        var counter = Instrument("http.server.requests", "{request}"); counter.Sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative };
        var duration = Instrument("http.server.request.duration", "s"); duration.Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        var queue = Instrument("worker.queue.length", "{job}"); queue.Gauge = new Gauge();
        for (var i = 0; i < perInstrument; i++)
        {
            KeyValue[] dims = [Str("http.route", $"/documents/{i % 8}"), Int("http.response.status_code", i % 5 == 0 ? 500 : 200)];
            var at = Nanos(time.AddMilliseconds(i));
            gauge.Gauge.DataPoints.Add(new NumberDataPoint { TimeUnixNano = at, AsInt = 100_000_000 + i });
            counter.Sum.DataPoints.Add(new NumberDataPoint { TimeUnixNano = at, StartTimeUnixNano = Nanos(Start), AsInt = batch * 100 + i, Attributes = { dims } });
            var histogram = new HistogramDataPoint { TimeUnixNano = at, StartTimeUnixNano = Nanos(Start), Count = 100, Sum = 2.5, Min = 0.001, Max = 0.4, Attributes = { dims } };
            histogram.ExplicitBounds.Add([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]);
            histogram.BucketCounts.Add([10, 10, 20, 20, 10, 10, 10, 5, 3, 2, 0, 0, 0, 0, 0]);
            duration.Histogram.DataPoints.Add(histogram);
            queue.Gauge.DataPoints.Add(new NumberDataPoint { TimeUnixNano = at, AsDouble = i % 13, Attributes = { Str("queue", "jobs") } });
        }
        scope.Metrics.Add([gauge, counter, duration, queue]);
        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = Resource(service), ScopeMetrics = { scope } } } };
        return new Payload(request.ToByteArray(), [], perInstrument * 4);
    }
}
