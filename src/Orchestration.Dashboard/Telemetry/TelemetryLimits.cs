namespace Orchestration.Dashboard.Telemetry;

/// <summary>
/// How much telemetry the dashboard keeps, per resource (one service instance). When a buffer is
/// full the oldest entry goes. Configuration section <c>Dashboard:Telemetry</c>.
/// <code>builder.AddDashboard(o => o.Telemetry.MaxLogRecordsPerResource = 50_000);</code>
/// </summary>
public sealed class TelemetryLimits
{
    /// <summary>Traces kept per resource. Default 10,000.</summary>
    public int MaxTracesPerResource { get; set; } = 10_000;

    /// <summary>
    /// Spans one resource keeps of one trace; later ones are counted as dropped. Default 1,000: a
    /// trace that never ends (a worker loop under one span) cannot take all the memory.
    /// </summary>
    public int MaxSpansPerTrace { get; set; } = 1_000;

    /// <summary>Structured log records kept per resource. Default 10,000.</summary>
    public int MaxLogRecordsPerResource { get; set; } = 10_000;

    /// <summary>Metric data points kept per resource, over all its instruments. Default 50,000.</summary>
    public int MaxMetricPointsPerResource { get; set; } = 50_000;

    /// <summary>Attributes kept per span, event, link, log record or data point. Default 128.</summary>
    public int MaxAttributeCount { get; set; } = 128;

    /// <summary>Characters kept of one attribute value or log body. Default 8,192.</summary>
    public int MaxAttributeLength { get; set; } = 8_192;

    /// <summary>Distinct resources telemetry is kept for; data of further ones is rejected. Default 1,000.</summary>
    public int MaxResources { get; set; } = 1_000;
}
