namespace Orchestration.Dashboard.Telemetry;

/// <summary>One structured log record.</summary>
public sealed class TelemetryLog
{
    /// <summary>The resource that sent it (display name).</summary>
    public required string Resource { get; init; }
    /// <summary>When it happened (the observed time when the sender gave none).</summary>
    public required DateTime Timestamp { get; init; }
    /// <summary>OTLP's severity number: 1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal; 0 unset.</summary>
    public required int SeverityNumber { get; init; }
    /// <summary>The level by the severity number, in .NET's words: Trace, Debug, Information, Warning, Error, Critical (None when unset).</summary>
    public string Level => LogLevels.NameOf(SeverityNumber);
    /// <summary>The level as the sender wrote it, if it did.</summary>
    public string? SeverityText { get; init; }
    /// <summary>The message.</summary>
    public required string Body { get; init; }
    /// <summary>The event's name, for logs that are events.</summary>
    public string? EventName { get; init; }
    /// <summary>The category or logger (the instrumentation scope).</summary>
    public required string Scope { get; init; }
    /// <summary>Its attributes, values as text.</summary>
    public required KeyValuePair<string, string>[] Attributes { get; init; }
    /// <summary>The trace it was written in, if any.</summary>
    public TraceId? TraceId { get; init; }
    /// <summary>The span it was written in, if any.</summary>
    public SpanId? SpanId { get; init; }
}
