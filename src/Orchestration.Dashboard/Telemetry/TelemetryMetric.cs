using System.Text.Json.Serialization;

namespace Orchestration.Dashboard.Telemetry;

/// <summary>An instrument (a counter, gauge, histogram, ...) of one resource.</summary>
public sealed class TelemetryInstrument
{
    /// <summary>The resource that sent it (display name).</summary>
    public required string Resource { get; init; }
    /// <summary>The instrument's name, e.g. <c>http.server.request.duration</c>.</summary>
    public required string Name { get; init; }
    /// <summary>What it measures.</summary>
    public string? Description { get; init; }
    /// <summary>Its unit (UCUM), e.g. <c>s</c> or <c>By</c>.</summary>
    public string? Unit { get; init; }
    /// <summary>Gauge, Sum, Histogram, ExponentialHistogram or Summary.</summary>
    public required string Kind { get; init; }
    /// <summary>Delta or Cumulative, for sums and histograms.</summary>
    public string? Temporality { get; init; }
    /// <summary>Whether a sum only grows (a counter).</summary>
    public bool IsMonotonic { get; init; }
    /// <summary>The meter that made it.</summary>
    public required string Scope { get; init; }
}

/// <summary>One data point: a number, or the distribution of a histogram or summary.</summary>
public sealed class TelemetryMetricPoint
{
    /// <summary>The instrument it belongs to; set by the store to the resource's one copy of it.</summary>
    [JsonIgnore]
    internal TelemetryInstrument Instrument { get; set; } = null!;
    /// <summary>When it was measured.</summary>
    public required DateTime Time { get; init; }
    /// <summary>Where a cumulative or delta series starts.</summary>
    public DateTime? StartTime { get; init; }
    /// <summary>Its dimensions.</summary>
    public required KeyValuePair<string, string>[] Attributes { get; init; }
    /// <summary>The value of a gauge or sum.</summary>
    public double? Value { get; init; }
    /// <summary>The distribution of a histogram (explicit bounds).</summary>
    public TelemetryHistogram? Histogram { get; init; }
    /// <summary>The distribution of an exponential histogram.</summary>
    public TelemetryExponentialHistogram? ExponentialHistogram { get; init; }
    /// <summary>The quantiles of a summary.</summary>
    public TelemetrySummary? Summary { get; init; }
}

/// <summary>A histogram with explicit bounds: <c>BucketCounts</c> has one more entry than <c>Bounds</c>.</summary>
public sealed record TelemetryHistogram(ulong Count, double? Sum, double? Min, double? Max, double[] Bounds, ulong[] BucketCounts);

/// <summary>An exponential histogram: bucket <c>i</c> of a side covers (base^(offset+i), base^(offset+i+1)], base = 2^(2^-scale).</summary>
public sealed record TelemetryExponentialHistogram(
    ulong Count, double? Sum, double? Min, double? Max, int Scale, ulong ZeroCount,
    int PositiveOffset, ulong[] PositiveBucketCounts, int NegativeOffset, ulong[] NegativeBucketCounts);

/// <summary>A summary: count, sum and quantiles.</summary>
public sealed record TelemetrySummary(ulong Count, double Sum, TelemetryQuantile[] Quantiles);

/// <summary>One quantile of a summary.</summary>
public sealed record TelemetryQuantile(double Quantile, double Value);

/// <summary>An instrument with the data points a query selected.</summary>
public sealed record TelemetryMetric(TelemetryInstrument Instrument, IReadOnlyList<TelemetryMetricPoint> Points);
