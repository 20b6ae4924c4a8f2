using Orchestration.Dashboard.Otlp.Proto.Collector.Logs;
using Orchestration.Dashboard.Telemetry;

namespace Orchestration.Dashboard.Otlp;

/// <summary>An OTLP logs export as store batches; throws <see cref="OtlpPayloadException"/> on the first malformed record.</summary>
internal sealed class OtlpLogConverter(OtlpValues values)
{
    public List<ResourceBatch> Convert(ExportLogsServiceRequest request)
    {
        var batches = new List<ResourceBatch>(request.ResourceLogs.Count);
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var batch = new ResourceBatch(OtlpValues.KeyOf(resourceLogs.Resource), values.Attributes(resourceLogs.Resource?.Attributes ?? []));
            var resource = values.Share(batch.Key.DisplayName);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scope = values.Share(scopeLogs.Scope?.Name ?? "");
                foreach (var record in scopeLogs.LogRecords)
                {
                    batch.Logs.Add(new TelemetryLog
                    {
                        Resource = resource,
                        // The observed time stands in when the source gave none (OTLP allows either).
                        Timestamp = OtlpValues.Time(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
                        SeverityNumber = Math.Clamp((int)record.SeverityNumber, 0, 24),
                        SeverityText = string.IsNullOrEmpty(record.SeverityText) ? null : values.Share(record.SeverityText),
                        Body = values.Share(values.Text(record.Body)),
                        EventName = string.IsNullOrEmpty(record.EventName) ? null : record.EventName,
                        Scope = scope,
                        Attributes = values.Attributes(record.Attributes),
                        TraceId = OtlpValues.OptionalTraceId(record.TraceId, "log record"),
                        SpanId = OtlpValues.OptionalSpanId(record.SpanId, "log record"),
                    });
                }
            }
            batches.Add(batch);
        }
        return batches;
    }
}
