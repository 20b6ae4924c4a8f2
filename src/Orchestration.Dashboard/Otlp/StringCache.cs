namespace Orchestration.Dashboard.Otlp;

/// <summary>
/// Gives repeated text one copy. Telemetry repeats itself: attribute keys, span names, methods,
/// hosts, statements; kept as parsed, each span would hold copies of them all (the benchmark's
/// full store was 442 MB of live heap, most of it such copies). A fixed table, one entry per slot,
/// a newcomer replaces the occupant: text that recurs keeps its slot, unique text (ids, paths) only
/// passes through, and the table never grows. Lock-free: a race only costs a missed share.
/// </summary>
internal sealed class StringCache
{
    private const int MaxLength = 256;
    private readonly string?[] _slots;

    public StringCache(int slots = 1 << 14) => _slots = new string?[slots];

    public string Share(string text)
    {
        if (text.Length is 0 or > MaxLength) return text;
        var slot = (int)((uint)string.GetHashCode(text.AsSpan()) % (uint)_slots.Length);
        var known = Volatile.Read(ref _slots[slot]);
        if (known is not null && string.Equals(known, text, StringComparison.Ordinal)) return known;
        Volatile.Write(ref _slots[slot], text);
        return text;
    }
}
