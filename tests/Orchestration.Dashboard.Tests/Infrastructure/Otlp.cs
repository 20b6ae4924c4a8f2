using Google.Protobuf;
using Orchestration.Dashboard.Otlp.Proto.Collector.Logs;
using Orchestration.Dashboard.Otlp.Proto.Collector.Metrics;
using Orchestration.Dashboard.Otlp.Proto.Collector.Trace;
using Orchestration.Dashboard.Otlp.Proto.Common;
using Orchestration.Dashboard.Otlp.Proto.Logs;
using Orchestration.Dashboard.Otlp.Proto.Metrics;
using Orchestration.Dashboard.Otlp.Proto.Trace;
using OtlpResource = Orchestration.Dashboard.Otlp.Proto.Resource.Resource;

namespace Orchestration.Dashboard.Tests;

/// <summary>Small OTLP requests built from the dashboard's own messages.</summary>
internal static class Otlp
{
    public static readonly DateTime Epoch = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public static ulong Nanos(DateTime time) => (ulong)(time - DateTime.UnixEpoch).Ticks * 100;

    public static OtlpResource Resource(string service, string? instance = null)
    {
        var resource = new OtlpResource();
        resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } });
        if (instance is not null) resource.Attributes.Add(new KeyValue { Key = "service.instance.id", Value = new AnyValue { StringValue = instance } });
        return resource;
    }

    public static byte[] TraceIdBytes(int n) => [.. new byte[12], .. BitConverter.GetBytes(n).Reverse()];

    public static string TraceIdHex(int n) => Convert.ToHexStringLower(TraceIdBytes(n));

    public static Span Span(int trace, int span, string name, DateTime start, int? parent = null, bool error = false) => new()
    {
        TraceId = ByteString.CopyFrom(TraceIdBytes(trace)),
        SpanId = ByteString.CopyFrom([.. new byte[4], .. BitConverter.GetBytes(span).Reverse()]),
        ParentSpanId = parent is { } p ? ByteString.CopyFrom([.. new byte[4], .. BitConverter.GetBytes(p).Reverse()]) : ByteString.Empty,
        Name = name,
        Kind = Orchestration.Dashboard.Otlp.Proto.Trace.Span.Types.SpanKind.Server,
        StartTimeUnixNano = Nanos(start),
        EndTimeUnixNano = Nanos(start.AddMilliseconds(10)),
        Status = error ? new Status { Code = Status.Types.StatusCode.Error } : null,
    };

    public static ExportTraceServiceRequest Traces(string service, params Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "tests" } };
        scope.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans { Resource = Resource(service) };
        resourceSpans.ScopeSpans.Add(scope);
        return new ExportTraceServiceRequest { ResourceSpans = { resourceSpans } };
    }

    public static LogRecord Log(string body, DateTime time, SeverityNumber severity = SeverityNumber.Info, int? trace = null) => new()
    {
        TimeUnixNano = Nanos(time),
        SeverityNumber = severity,
        Body = new AnyValue { StringValue = body },
        TraceId = trace is { } t ? ByteString.CopyFrom(TraceIdBytes(t)) : ByteString.Empty,
    };

    public static ExportLogsServiceRequest Logs(string service, params LogRecord[] records)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "tests" } };
        scope.LogRecords.AddRange(records);
        var resourceLogs = new ResourceLogs { Resource = Resource(service) };
        resourceLogs.ScopeLogs.Add(scope);
        return new ExportLogsServiceRequest { ResourceLogs = { resourceLogs } };
    }

    public static ExportMetricsServiceRequest Gauge(string service, string name, params (DateTime Time, double Value)[] points)
    {
        var gauge = new Gauge();
        gauge.DataPoints.AddRange(points.Select(p => new NumberDataPoint { TimeUnixNano = Nanos(p.Time), AsDouble = p.Value }));
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "tests" } };
        scope.Metrics.Add(new Metric { Name = name, Gauge = gauge });
        var resourceMetrics = new ResourceMetrics { Resource = Resource(service) };
        resourceMetrics.ScopeMetrics.Add(scope);
        return new ExportMetricsServiceRequest { ResourceMetrics = { resourceMetrics } };
    }
}
