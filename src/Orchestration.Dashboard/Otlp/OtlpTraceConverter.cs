using Orchestration.Dashboard.Otlp.Proto.Collector.Trace;
using Orchestration.Dashboard.Otlp.Proto.Trace;
using Orchestration.Dashboard.Telemetry;

namespace Orchestration.Dashboard.Otlp;

/// <summary>An OTLP trace export as store batches; throws <see cref="OtlpPayloadException"/> on the first malformed span.</summary>
internal sealed class OtlpTraceConverter(OtlpValues values)
{
    public List<ResourceBatch> Convert(ExportTraceServiceRequest request)
    {
        var batches = new List<ResourceBatch>(request.ResourceSpans.Count);
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var batch = new ResourceBatch(OtlpValues.KeyOf(resourceSpans.Resource), values.Attributes(resourceSpans.Resource?.Attributes ?? []));
            var resource = values.Share(batch.Key.DisplayName);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = values.Share(scopeSpans.Scope?.Name ?? "");
                foreach (var span in scopeSpans.Spans) batch.Spans.Add(Convert(span, resource, scope));
            }
            batches.Add(batch);
        }
        return batches;
    }

    private TelemetrySpan Convert(Span span, string resource, string scope)
    {
        var what = $"span '{span.Name}'";
        return new TelemetrySpan
        {
            Resource = resource,
            TraceId = OtlpValues.TraceId(span.TraceId, what),
            SpanId = OtlpValues.SpanId(span.SpanId, what),
            ParentSpanId = OtlpValues.OptionalSpanId(span.ParentSpanId, what + " (parent)"),
            Name = values.Share(span.Name),
            Kind = span.Kind switch
            {
                Span.Types.SpanKind.Internal => "Internal",
                Span.Types.SpanKind.Server => "Server",
                Span.Types.SpanKind.Client => "Client",
                Span.Types.SpanKind.Producer => "Producer",
                Span.Types.SpanKind.Consumer => "Consumer",
                _ => "Unspecified",
            },
            StartTime = OtlpValues.Time(span.StartTimeUnixNano),
            EndTime = OtlpValues.Time(Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano)),
            Status = span.Status?.Code switch
            {
                Status.Types.StatusCode.Ok => "Ok",
                Status.Types.StatusCode.Error => "Error",
                _ => "Unset",
            },
            StatusMessage = string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
            Scope = scope,
            Attributes = values.Attributes(span.Attributes),
            Events = [.. span.Events.Select(e => new TelemetrySpanEvent(values.Share(e.Name), OtlpValues.Time(e.TimeUnixNano), values.Attributes(e.Attributes)))],
            Links = [.. span.Links.Select(l => new TelemetrySpanLink(
                OtlpValues.TraceId(l.TraceId, what + " (link)"), OtlpValues.SpanId(l.SpanId, what + " (link)"), values.Attributes(l.Attributes)))],
        };
    }
}
