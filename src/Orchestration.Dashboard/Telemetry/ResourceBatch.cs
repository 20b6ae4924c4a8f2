namespace Orchestration.Dashboard.Telemetry;

/// <summary>
/// The part of one OTLP request that one resource sent, already converted and checked: the store
/// takes a request only whole, so a malformed one changes nothing.
/// </summary>
internal sealed class ResourceBatch(TelemetryResourceKey key, KeyValuePair<string, string>[] attributes)
{
    public TelemetryResourceKey Key { get; } = key;
    public KeyValuePair<string, string>[] Attributes { get; } = attributes;
    public List<TelemetrySpan> Spans { get; } = [];
    public List<TelemetryLog> Logs { get; } = [];
    public List<(TelemetryInstrument Instrument, List<TelemetryMetricPoint> Points)> Metrics { get; } = [];

    public int ItemCount => Spans.Count + Logs.Count + Metrics.Sum(m => m.Points.Count);
}
