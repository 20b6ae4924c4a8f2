namespace Orchestration.Dashboard.Telemetry;

/// <summary>One span as the dashboard keeps it: ids as numbers, times in UTC, attributes as text.</summary>
public sealed class TelemetrySpan
{
    /// <summary>The resource that sent it (display name).</summary>
    public required string Resource { get; init; }
    /// <summary>The trace it belongs to.</summary>
    public required TraceId TraceId { get; init; }
    /// <summary>Its own id.</summary>
    public required SpanId SpanId { get; init; }
    /// <summary>Its parent, or null for a root span.</summary>
    public SpanId? ParentSpanId { get; init; }
    /// <summary>The operation, e.g. <c>GET /orders/{id}</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Internal, Server, Client, Producer or Consumer (Unspecified when unset).</summary>
    public required string Kind { get; init; }
    /// <summary>When it started.</summary>
    public required DateTime StartTime { get; init; }
    /// <summary>When it ended.</summary>
    public required DateTime EndTime { get; init; }
    /// <summary>End minus start, in milliseconds.</summary>
    public double DurationMs => (EndTime - StartTime).TotalMilliseconds;
    /// <summary>Unset, Ok or Error.</summary>
    public required string Status { get; init; }
    /// <summary>The error description, when the status says one.</summary>
    public string? StatusMessage { get; init; }
    /// <summary>The instrumentation library that made it.</summary>
    public required string Scope { get; init; }
    /// <summary>Its attributes, values as text.</summary>
    public required KeyValuePair<string, string>[] Attributes { get; init; }
    /// <summary>Timed events within the span (exceptions, messages).</summary>
    public required TelemetrySpanEvent[] Events { get; init; }
    /// <summary>Links to spans of other traces.</summary>
    public required TelemetrySpanLink[] Links { get; init; }
}

/// <summary>A timed event within a span.</summary>
public sealed record TelemetrySpanEvent(string Name, DateTime Time, KeyValuePair<string, string>[] Attributes);

/// <summary>A link from a span to a span of another trace.</summary>
public sealed record TelemetrySpanLink(TraceId TraceId, SpanId SpanId, KeyValuePair<string, string>[] Attributes);
