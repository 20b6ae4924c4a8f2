namespace Orchestration.Dashboard.Telemetry;

/// <summary>
/// The telemetry of one resource: its traces, logs and metric points in bounded buffers, behind one
/// lock. Separate resources never contend, and a batch takes the lock once.
/// </summary>
internal sealed class ResourceTelemetry(TelemetryResourceKey key, TelemetryLimits limits)
{
    private readonly Lock _gate = new();
    private readonly RingBuffer<(TraceId Id, long Sequence)> _traceOrder = new(limits.MaxTracesPerResource);
    private readonly Dictionary<TraceId, TraceSpans> _traces = [];
    private readonly RingBuffer<TelemetryLog> _logs = new(limits.MaxLogRecordsPerResource);
    private readonly RingBuffer<TelemetryMetricPoint> _points = new(limits.MaxMetricPointsPerResource);
    private readonly Dictionary<(string Scope, string Name), TelemetryInstrument> _instruments = [];
    private KeyValuePair<string, string>[] _attributes = [];

    public TelemetryResourceKey Key { get; } = key;
    public string Name { get; } = key.DisplayName;

    /// <summary>Adds a batch; <paramref name="nextSequence"/> numbers new traces across resources, so a listing can merge them newest first.</summary>
    public void Add(ResourceBatch batch, Func<long> nextSequence)
    {
        lock (_gate)
        {
            _attributes = batch.Attributes;
            foreach (var span in batch.Spans)
            {
                if (!_traces.TryGetValue(span.TraceId, out var trace))
                {
                    _traces[span.TraceId] = trace = new TraceSpans();
                    if (_traceOrder.Add((span.TraceId, nextSequence()), out var dropped)) _traces.Remove(dropped.Id);
                }
                if (trace.Spans.Count < limits.MaxSpansPerTrace) trace.Spans.Add(span);
                else trace.Dropped++;
            }
            foreach (var log in batch.Logs) _logs.Add(log, out _);
            foreach (var (instrument, points) in batch.Metrics)
            {
                // One instrument object per resource and name: its points refer to it, and a query groups by it.
                if (!_instruments.TryGetValue((instrument.Scope, instrument.Name), out var known))
                    _instruments[(instrument.Scope, instrument.Name)] = known = instrument;
                foreach (var point in points)
                {
                    point.Instrument = known;
                    _points.Add(point, out _);
                }
            }
        }
    }

    public TelemetryResourceSummary Summary()
    {
        lock (_gate) return new(Name, Key.ServiceName, Key.InstanceId, _attributes, _traceOrder.Count, _logs.Count, _points.Count);
    }

    /// <summary>The traces this resource took part in, as (id, sequence), oldest first.</summary>
    public List<(TraceId Id, long Sequence)> TraceIds()
    {
        lock (_gate)
        {
            var ids = new List<(TraceId, long)>(_traceOrder.Count);
            for (var i = 0; i < _traceOrder.Count; i++) ids.Add(_traceOrder[i]);
            return ids;
        }
    }

    /// <summary>Adds this resource's spans of a trace to <paramref name="spans"/>; returns how many it dropped.</summary>
    public int CopySpans(TraceId id, List<TelemetrySpan> spans)
    {
        lock (_gate)
        {
            if (!_traces.TryGetValue(id, out var trace)) return 0;
            spans.AddRange(trace.Spans);
            return trace.Dropped;
        }
    }

    /// <summary>The newest log records that match, at most <see cref="TelemetryQuery.Limit"/>, newest first.</summary>
    public List<TelemetryLog> FindLogs(TelemetryQuery query)
    {
        var found = new List<TelemetryLog>();
        lock (_gate)
        {
            for (var i = _logs.Count - 1; i >= 0 && found.Count < query.Limit; i--)
            {
                var log = _logs[i];
                if (Matches(log, query)) found.Add(log);
            }
        }
        return found;
    }

    /// <summary>Each instrument (or the one named) with its newest points in the time range, at most <see cref="TelemetryQuery.Limit"/> each, oldest first.</summary>
    public List<TelemetryMetric> FindMetrics(TelemetryQuery query)
    {
        lock (_gate)
        {
            var points = new Dictionary<TelemetryInstrument, List<TelemetryMetricPoint>>(ReferenceEqualityComparer.Instance);
            foreach (var instrument in _instruments.Values)
                if (query.Instrument is null || instrument.Name == query.Instrument) points[instrument] = [];
            for (var i = _points.Count - 1; i >= 0; i--)
            {
                var point = _points[i];
                if (points.TryGetValue(point.Instrument, out var list) && list.Count < query.Limit
                    && (query.From is null || point.Time >= query.From) && (query.To is null || point.Time < query.To))
                    list.Add(point);
            }
            return [.. points.Select(p => { p.Value.Reverse(); return new TelemetryMetric(p.Key, p.Value); }).OrderBy(m => m.Instrument.Name, StringComparer.Ordinal)];
        }
    }

    private static bool Matches(TelemetryLog log, TelemetryQuery query) =>
        (query.From is null || log.Timestamp >= query.From)
        && (query.To is null || log.Timestamp < query.To)
        && (query.MinSeverity is null || log.SeverityNumber >= query.MinSeverity)
        && (query.TraceId is null || log.TraceId == query.TraceId)
        && (query.Text is null || log.Body.Contains(query.Text, StringComparison.OrdinalIgnoreCase) || TextSearch.InAttributes(log.Attributes, query.Text));

    /// <summary>Everything kept, oldest first, for <see cref="TelemetryFile"/>.</summary>
    public ResourceSnapshot Snapshot()
    {
        lock (_gate)
        {
            var traces = new List<TraceSnapshot>(_traceOrder.Count);
            for (var i = 0; i < _traceOrder.Count; i++)
            {
                var (id, sequence) = _traceOrder[i];
                var trace = _traces[id];
                traces.Add(new TraceSnapshot(id, sequence, trace.Dropped, [.. trace.Spans]));
            }
            var logs = new List<TelemetryLog>(_logs.Count);
            for (var i = 0; i < _logs.Count; i++) logs.Add(_logs[i]);
            var instruments = _instruments.Values.ToList();
            var index = new Dictionary<TelemetryInstrument, int>(ReferenceEqualityComparer.Instance);
            foreach (var instrument in instruments) index[instrument] = index.Count;
            var points = new List<PointSnapshot>(_points.Count);
            for (var i = 0; i < _points.Count; i++) points.Add(new PointSnapshot(index[_points[i].Instrument], _points[i]));
            return new ResourceSnapshot(Key.ServiceName, Key.InstanceId, _attributes, traces, logs, instruments, points);
        }
    }

    /// <summary>Adds what a snapshot kept, oldest first: today's limits apply, so a smaller limit keeps the newest.</summary>
    public void Restore(ResourceSnapshot snapshot)
    {
        lock (_gate)
        {
            _attributes = snapshot.Attributes ?? [];
            foreach (var saved in snapshot.Traces)
            {
                if (_traces.ContainsKey(saved.TraceId)) continue;
                if (_traceOrder.Add((saved.TraceId, saved.Sequence), out var dropped)) _traces.Remove(dropped.Id);
                var trace = new TraceSpans { Dropped = saved.Dropped + Math.Max(0, saved.Spans.Count - limits.MaxSpansPerTrace) };
                trace.Spans.AddRange(saved.Spans.Take(limits.MaxSpansPerTrace));
                _traces[saved.TraceId] = trace;
            }
            foreach (var log in snapshot.Logs) _logs.Add(log, out _);
            var instruments = snapshot.Instruments.Select(i =>
                _instruments.TryGetValue((i.Scope, i.Name), out var known) ? known : _instruments[(i.Scope, i.Name)] = i).ToList();
            foreach (var saved in snapshot.Points)
            {
                saved.Point.Instrument = instruments[saved.Instrument];
                _points.Add(saved.Point, out _);
            }
        }
    }

    private sealed class TraceSpans
    {
        public readonly List<TelemetrySpan> Spans = [];
        public int Dropped;
    }
}
