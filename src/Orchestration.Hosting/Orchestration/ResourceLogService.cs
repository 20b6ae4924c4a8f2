using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Orchestration.Hosting.Orchestration;

/// <summary>One line of a process's output.</summary>
internal sealed record LogLine(long Number, DateTimeOffset Timestamp, string Text, bool IsError);

/// <summary>
/// Every line of every process, kept per resource copy in a bounded buffer (oldest dropped first),
/// with a live tail for the dashboard.
/// </summary>
internal sealed class ResourceLogService(DistributedApplicationOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Buffer> _buffers = new(StringComparer.Ordinal);

    /// <summary>The lines kept for one copy, oldest first.</summary>
    public IReadOnlyList<LogLine> GetLines(string name)
    {
        lock (_gate) return _buffers.TryGetValue(name, out var b) ? [.. b.Lines] : [];
    }

    internal void Append(string name, string text, bool isError)
    {
        lock (_gate)
        {
            if (!_buffers.TryGetValue(name, out var buffer)) _buffers[name] = buffer = new Buffer();
            var line = new LogLine(++buffer.Count, DateTimeOffset.UtcNow, text, isError);
            if (buffer.Lines.Count == options.ConsoleLogCapacity) buffer.Lines.Dequeue();
            buffer.Lines.Enqueue(line);
            foreach (var w in buffer.Watchers) w.Writer.TryWrite(line);
        }
    }

    /// <summary>The kept lines of one copy, then new ones as they come.</summary>
    public async IAsyncEnumerable<LogLine> WatchAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<LogLine>(new UnboundedChannelOptions { SingleReader = true });
        Buffer buffer;
        lock (_gate)
        {
            if (!_buffers.TryGetValue(name, out buffer!)) _buffers[name] = buffer = new Buffer();
            foreach (var l in buffer.Lines) channel.Writer.TryWrite(l);
            buffer.Watchers.Add(channel);
        }
        try
        {
            await foreach (var l in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return l;
        }
        finally
        {
            lock (_gate) buffer.Watchers.Remove(channel);
        }
    }

    private sealed class Buffer
    {
        public readonly Queue<LogLine> Lines = new();
        public readonly List<Channel<LogLine>> Watchers = [];
        public long Count;
    }
}
