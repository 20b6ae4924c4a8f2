using Orchestration.Dashboard.Otlp.Proto.Collector.Metrics;
using Orchestration.Dashboard.Otlp.Proto.Metrics;
using Orchestration.Dashboard.Telemetry;

namespace Orchestration.Dashboard.Otlp;

/// <summary>An OTLP metrics export as store batches: each metric becomes an instrument and its data points.</summary>
internal sealed class OtlpMetricConverter(OtlpValues values)
{
    public List<ResourceBatch> Convert(ExportMetricsServiceRequest request)
    {
        var batches = new List<ResourceBatch>(request.ResourceMetrics.Count);
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var batch = new ResourceBatch(OtlpValues.KeyOf(resourceMetrics.Resource), values.Attributes(resourceMetrics.Resource?.Attributes ?? []));
            var resource = batch.Key.DisplayName;
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scope = scopeMetrics.Scope?.Name ?? "";
                foreach (var metric in scopeMetrics.Metrics)
                {
                    if (metric.DataCase == Metric.DataOneofCase.None) continue; // nothing measured: nothing to keep
                    batch.Metrics.Add((Instrument(metric, resource, scope), Points(metric)));
                }
            }
            batches.Add(batch);
        }
        return batches;
    }

    private static TelemetryInstrument Instrument(Metric metric, string resource, string scope) => new()
    {
        Resource = resource,
        Name = metric.Name,
        Description = string.IsNullOrEmpty(metric.Description) ? null : metric.Description,
        Unit = string.IsNullOrEmpty(metric.Unit) ? null : metric.Unit,
        Kind = metric.DataCase.ToString(),
        Temporality = metric.DataCase switch
        {
            Metric.DataOneofCase.Sum => Temporality(metric.Sum.AggregationTemporality),
            Metric.DataOneofCase.Histogram => Temporality(metric.Histogram.AggregationTemporality),
            Metric.DataOneofCase.ExponentialHistogram => Temporality(metric.ExponentialHistogram.AggregationTemporality),
            _ => null,
        },
        IsMonotonic = metric.DataCase == Metric.DataOneofCase.Sum && metric.Sum.IsMonotonic,
        Scope = scope,
    };

    private static string? Temporality(AggregationTemporality temporality) => temporality switch
    {
        AggregationTemporality.Delta => "Delta",
        AggregationTemporality.Cumulative => "Cumulative",
        _ => null,
    };

    private List<TelemetryMetricPoint> Points(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => [.. metric.Gauge.DataPoints.Select(Number)],
        Metric.DataOneofCase.Sum => [.. metric.Sum.DataPoints.Select(Number)],
        Metric.DataOneofCase.Histogram => [.. metric.Histogram.DataPoints.Select(Histogram)],
        Metric.DataOneofCase.ExponentialHistogram => [.. metric.ExponentialHistogram.DataPoints.Select(ExponentialHistogram)],
        Metric.DataOneofCase.Summary => [.. metric.Summary.DataPoints.Select(Summary)],
        _ => [],
    };

    private TelemetryMetricPoint Number(NumberDataPoint p) => new()
    {
        Time = OtlpValues.Time(p.TimeUnixNano),
        StartTime = Start(p.StartTimeUnixNano),
        Attributes = values.SharedAttributes(p.Attributes),
        Value = p.ValueCase switch
        {
            NumberDataPoint.ValueOneofCase.AsDouble => p.AsDouble,
            NumberDataPoint.ValueOneofCase.AsInt => p.AsInt,
            _ => null,
        },
    };

    private double[]? _lastBounds;

    /// <summary>A histogram's bounds, one array for the points that have the same (an instrument's all have).</summary>
    private double[] Bounds(Google.Protobuf.Collections.RepeatedField<double> bounds)
    {
        var last = Volatile.Read(ref _lastBounds);
        if (last is not null && bounds.SequenceEqual(last)) return last;
        double[] fresh = [.. bounds];
        Volatile.Write(ref _lastBounds, fresh);
        return fresh;
    }

    private TelemetryMetricPoint Histogram(HistogramDataPoint p) => new()
    {
        Time = OtlpValues.Time(p.TimeUnixNano),
        StartTime = Start(p.StartTimeUnixNano),
        Attributes = values.SharedAttributes(p.Attributes),
        Histogram = new TelemetryHistogram(p.Count, p.HasSum ? p.Sum : null, p.HasMin ? p.Min : null, p.HasMax ? p.Max : null,
            Bounds(p.ExplicitBounds), [.. p.BucketCounts]),
    };

    private TelemetryMetricPoint ExponentialHistogram(ExponentialHistogramDataPoint p) => new()
    {
        Time = OtlpValues.Time(p.TimeUnixNano),
        StartTime = Start(p.StartTimeUnixNano),
        Attributes = values.SharedAttributes(p.Attributes),
        ExponentialHistogram = new TelemetryExponentialHistogram(p.Count, p.HasSum ? p.Sum : null, p.HasMin ? p.Min : null, p.HasMax ? p.Max : null,
            p.Scale, p.ZeroCount,
            p.Positive?.Offset ?? 0, [.. p.Positive?.BucketCounts ?? []],
            p.Negative?.Offset ?? 0, [.. p.Negative?.BucketCounts ?? []]),
    };

    private TelemetryMetricPoint Summary(SummaryDataPoint p) => new()
    {
        Time = OtlpValues.Time(p.TimeUnixNano),
        StartTime = Start(p.StartTimeUnixNano),
        Attributes = values.SharedAttributes(p.Attributes),
        Summary = new TelemetrySummary(p.Count, p.Sum, [.. p.QuantileValues.Select(q => new TelemetryQuantile(q.Quantile, q.Value))]),
    };

    private static DateTime? Start(ulong unixNano) => unixNano == 0 ? null : OtlpValues.Time(unixNano);
}
