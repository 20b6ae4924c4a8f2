using System.Collections.Concurrent;

namespace Orchestration.Dashboard.Telemetry;

/// <summary>
/// All telemetry the dashboard received, in memory, per resource, in bounded buffers (see
/// <see cref="TelemetryLimits"/>). Ingesting costs in proportion to the batch; queries copy what
/// they return, so callers never hold a lock. Thread-safe.
/// <code>var slow = store.GetTraces(new TelemetryQuery { Resource = "api", Limit = 20 });</code>
/// </summary>
public sealed class TelemetryStore(TelemetryLimits limits)
{
    private readonly ConcurrentDictionary<TelemetryResourceKey, ResourceTelemetry> _resources = new();
    private readonly Lock _addResourceGate = new();
    private long _traceSequence;
    private long _version;

    /// <summary>The limits this store keeps to.</summary>
    public TelemetryLimits Limits { get; } = limits;

    /// <summary>
    /// Adds a converted request. Returns how many items were rejected: those of resources beyond
    /// <see cref="TelemetryLimits.MaxResources"/>.
    /// </summary>
    internal int Add(IReadOnlyList<ResourceBatch> batches)
    {
        Interlocked.Increment(ref _version);
        var rejected = 0;
        foreach (var batch in batches)
        {
            if (GetOrAdd(batch.Key) is { } resource) resource.Add(batch, NextTraceSequence);
            else rejected += batch.ItemCount;
        }
        return rejected;
    }

    /// <summary>Everything kept, per resource, oldest first (<c>Dashboard:Persist</c>).</summary>
    internal TelemetrySnapshot Snapshot()
        => new(TelemetrySnapshot.CurrentFormat, [.. _resources.Values.Select(r => r.Snapshot())]);

    /// <summary>Adds a saved store's telemetry; traces that arrive later list after it.</summary>
    internal void Restore(TelemetrySnapshot snapshot)
    {
        foreach (var resource in snapshot.Resources)
            GetOrAdd(new TelemetryResourceKey(resource.ServiceName, resource.InstanceId))?.Restore(resource);
        var last = snapshot.Resources.SelectMany(r => r.Traces).Select(t => t.Sequence).DefaultIfEmpty(0).Max();
        long seen;
        while ((seen = Interlocked.Read(ref _traceSequence)) < last && Interlocked.CompareExchange(ref _traceSequence, last, seen) != seen) { }
        Interlocked.Increment(ref _version);
    }

    /// <summary>Changes whenever telemetry arrives: the pages poll it, and query again only when it moved.</summary>
    public long Version => Interlocked.Read(ref _version);

    private long NextTraceSequence() => Interlocked.Increment(ref _traceSequence);

    private ResourceTelemetry? GetOrAdd(TelemetryResourceKey key)
    {
        if (_resources.TryGetValue(key, out var resource)) return resource;
        lock (_addResourceGate)
        {
            if (_resources.TryGetValue(key, out resource)) return resource;
            if (_resources.Count >= Limits.MaxResources) return null;
            return _resources[key] = new ResourceTelemetry(key, Limits);
        }
    }

    private IEnumerable<ResourceTelemetry> Matching(string? resource) => _resources.Values.Where(r => r.Key.Matches(resource));

    /// <summary>Every resource that sent telemetry, by name.</summary>
    public IReadOnlyList<TelemetryResourceSummary> GetResources()
        => [.. _resources.Values.Select(r => r.Summary()).OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>
    /// The most recent traces the selected resources took part in, each with the spans of every
    /// resource, oldest first. Filters: time (a trace's start), text (a span's name or attribute
    /// value), trace id.
    /// </summary>
    public IReadOnlyList<TelemetryTrace> GetTraces(TelemetryQuery query)
    {
        if (query.TraceId is { } id)
            return GetTrace(id) is { } only && Matching(query.Resource).Any(r => only.Resources.Contains(r.Name)) && Matches(only, query) ? [only] : [];

        // Newest first by the order traces arrived, stopping once enough match: a listing never assembles the whole store.
        var candidates = Matching(query.Resource).SelectMany(r => r.TraceIds())
            .OrderByDescending(c => c.Sequence).Select(c => c.Id).Distinct();
        var found = new List<TelemetryTrace>();
        foreach (var candidate in candidates)
        {
            if (found.Count >= query.Limit) break;
            if (GetTrace(candidate) is { } trace && Matches(trace, query)) found.Add(trace);
        }
        found.Sort((a, b) => a.StartTime.CompareTo(b.StartTime));
        return found;
    }

    /// <summary>One trace with the spans every resource sent for it, or null when none is kept.</summary>
    public TelemetryTrace? GetTrace(TraceId id)
    {
        var spans = new List<TelemetrySpan>();
        var dropped = 0;
        foreach (var resource in _resources.Values) dropped += resource.CopySpans(id, spans);
        if (spans.Count == 0) return null;
        spans.Sort((a, b) => a.StartTime.CompareTo(b.StartTime));
        var root = spans.FirstOrDefault(s => s.ParentSpanId is null) ?? spans[0];
        var start = spans[0].StartTime;
        var end = spans.Max(s => s.EndTime);
        return new TelemetryTrace
        {
            TraceId = id,
            Name = root.Name,
            StartTime = start,
            DurationMs = (end - start).TotalMilliseconds,
            HasError = spans.Any(s => s.Status == "Error"),
            Resources = [.. spans.Select(s => s.Resource).Distinct()],
            DroppedSpans = dropped,
            Spans = spans,
        };
    }

    private static bool Matches(TelemetryTrace trace, TelemetryQuery query) =>
        (query.From is null || trace.StartTime >= query.From)
        && (query.To is null || trace.StartTime < query.To)
        && (query.Text is null || trace.Spans.Any(s => s.Name.Contains(query.Text, StringComparison.OrdinalIgnoreCase) || TextSearch.InAttributes(s.Attributes, query.Text)));

    /// <summary>The most recent log records that match, oldest first. Filters: time, minimum severity, text (body or attribute value), trace id.</summary>
    public IReadOnlyList<TelemetryLog> GetLogs(TelemetryQuery query)
    {
        var found = Matching(query.Resource).SelectMany(r => r.FindLogs(query)).ToList();
        found.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return found.Count <= query.Limit ? found : found[^query.Limit..];
    }

    /// <summary>The instruments of the selected resources (or only the one named), each with its most recent points in the time range, oldest first.</summary>
    public IReadOnlyList<TelemetryMetric> GetMetrics(TelemetryQuery query)
        => [.. Matching(query.Resource).OrderBy(r => r.Name, StringComparer.Ordinal).SelectMany(r => r.FindMetrics(query))];
}
