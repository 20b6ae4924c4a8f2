namespace Orchestration.Dashboard.Telemetry;

// What Dashboard:Persist writes at shutdown and reads at start: the store as it is, per resource,
// in buffer order (oldest first), as gzip'd JSON (TelemetryFile).

internal sealed record TelemetrySnapshot(int Format, List<ResourceSnapshot> Resources)
{
    public const int CurrentFormat = 1;
}

internal sealed record ResourceSnapshot(
    string ServiceName, string InstanceId, KeyValuePair<string, string>[] Attributes,
    List<TraceSnapshot> Traces, List<TelemetryLog> Logs, List<TelemetryInstrument> Instruments, List<PointSnapshot> Points);

/// <summary>One trace's spans of one resource; <see cref="Sequence"/> orders traces across resources.</summary>
internal sealed record TraceSnapshot(TraceId TraceId, long Sequence, int Dropped, List<TelemetrySpan> Spans);

/// <summary>A data point and its instrument, as an index into <see cref="ResourceSnapshot.Instruments"/>.</summary>
internal sealed record PointSnapshot(int Instrument, TelemetryMetricPoint Point);
