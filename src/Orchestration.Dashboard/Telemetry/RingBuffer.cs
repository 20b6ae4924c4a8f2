namespace Orchestration.Dashboard.Telemetry;

/// <summary>
/// A bounded buffer that drops its oldest item to make room. Adding is O(1); the backing array grows
/// by doubling up to the capacity, so a quiet resource does not reserve its whole limit up front.
/// Not thread-safe: <see cref="ResourceTelemetry"/> guards it.
/// </summary>
internal sealed class RingBuffer<T>(int capacity)
{
    private T[] _items = new T[Math.Min(Math.Max(1, capacity), 64)];
    private int _start;

    public int Capacity { get; } = Math.Max(1, capacity);
    public int Count { get; private set; }

    /// <summary>Adds an item; returns true with the oldest item when it had to be dropped.</summary>
    public bool Add(T item, out T dropped)
    {
        if (Count < Capacity)
        {
            // Until the first drop the items start at 0, so growing is a plain copy.
            if (Count == _items.Length) Array.Resize(ref _items, Math.Min(Capacity, _items.Length * 2));
            _items[Count++] = item;
            dropped = default!;
            return false;
        }
        dropped = _items[_start];
        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
        return true;
    }

    /// <summary>The item at <paramref name="index"/>, 0 being the oldest.</summary>
    public T this[int index] => _items[(_start + index) % _items.Length];
}
