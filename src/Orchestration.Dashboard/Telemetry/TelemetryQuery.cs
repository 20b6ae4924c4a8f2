namespace Orchestration.Dashboard.Telemetry;

/// <summary>
/// What a telemetry query selects; every filter is optional. The JSON API reads it from the query
/// string: <c>/api/telemetry/logs?resource=api&amp;level=warning&amp;text=timeout&amp;limit=100</c>.
/// </summary>
public sealed record TelemetryQuery
{
    /// <summary>A resource's service name, instance id or display name.</summary>
    public string? Resource { get; init; }
    /// <summary>Only what happened at or after this time.</summary>
    public DateTime? From { get; init; }
    /// <summary>Only what happened before this time.</summary>
    public DateTime? To { get; init; }
    /// <summary>Logs: the lowest severity number (see <see cref="LogLevels"/>).</summary>
    public int? MinSeverity { get; init; }
    /// <summary>Text contained (ignoring case) in a log's body or a span's name, or in an attribute value.</summary>
    public string? Text { get; init; }
    /// <summary>Only this trace (its spans, or the logs written in it).</summary>
    public TraceId? TraceId { get; init; }
    /// <summary>Metrics: only the instrument with this name.</summary>
    public string? Instrument { get; init; }
    /// <summary>At most this many results (the most recent ones), oldest first. For metrics, points per instrument.</summary>
    public int Limit { get; init; } = 1_000;
}
