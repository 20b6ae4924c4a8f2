using Orchestration.Dashboard.Otlp.Proto.Collector.Logs;
using Orchestration.Dashboard.Otlp.Proto.Collector.Metrics;
using Orchestration.Dashboard.Otlp.Proto.Collector.Trace;
using Orchestration.Dashboard.Telemetry;

namespace Orchestration.Dashboard.Otlp;

/// <summary>
/// What gRPC and HTTP exports have in common: convert the whole request (a malformed one throws
/// <see cref="OtlpPayloadException"/> before anything is kept), store it, answer with what was rejected.
/// </summary>
internal sealed class OtlpReceiver(TelemetryStore store)
{
    private readonly OtlpTraceConverter _traces = new(new OtlpValues(store.Limits));
    private readonly OtlpLogConverter _logs = new(new OtlpValues(store.Limits));
    private readonly OtlpMetricConverter _metrics = new(new OtlpValues(store.Limits));

    public ExportTraceServiceResponse Export(ExportTraceServiceRequest request)
    {
        var rejected = store.Add(_traces.Convert(request));
        return new ExportTraceServiceResponse
        {
            PartialSuccess = rejected == 0 ? null : new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = TooManyResources },
        };
    }

    public ExportLogsServiceResponse Export(ExportLogsServiceRequest request)
    {
        var rejected = store.Add(_logs.Convert(request));
        return new ExportLogsServiceResponse
        {
            PartialSuccess = rejected == 0 ? null : new ExportLogsPartialSuccess { RejectedLogRecords = rejected, ErrorMessage = TooManyResources },
        };
    }

    public ExportMetricsServiceResponse Export(ExportMetricsServiceRequest request)
    {
        var rejected = store.Add(_metrics.Convert(request));
        return new ExportMetricsServiceResponse
        {
            PartialSuccess = rejected == 0 ? null : new ExportMetricsPartialSuccess { RejectedDataPoints = rejected, ErrorMessage = TooManyResources },
        };
    }

    private string TooManyResources => $"The dashboard keeps telemetry of at most {store.Limits.MaxResources} resources.";
}
