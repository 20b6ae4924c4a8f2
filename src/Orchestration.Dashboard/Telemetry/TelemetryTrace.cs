namespace Orchestration.Dashboard.Telemetry;

/// <summary>A trace assembled from the spans every resource sent for it.</summary>
public sealed class TelemetryTrace
{
    /// <summary>The trace id.</summary>
    public required TraceId TraceId { get; init; }
    /// <summary>The root span's name (the earliest span's while the root has not arrived).</summary>
    public required string Name { get; init; }
    /// <summary>The earliest start of its spans.</summary>
    public required DateTime StartTime { get; init; }
    /// <summary>From the earliest start to the latest end, in milliseconds.</summary>
    public required double DurationMs { get; init; }
    /// <summary>How many spans are kept.</summary>
    public int SpanCount => Spans.Count;
    /// <summary>Whether any span has an error status.</summary>
    public required bool HasError { get; init; }
    /// <summary>The resources it crossed, in order of their first span.</summary>
    public required IReadOnlyList<string> Resources { get; init; }
    /// <summary>Spans beyond a resource's per-trace limit that were not kept.</summary>
    public required int DroppedSpans { get; init; }
    /// <summary>Its spans, by start time.</summary>
    public required IReadOnlyList<TelemetrySpan> Spans { get; init; }
}
