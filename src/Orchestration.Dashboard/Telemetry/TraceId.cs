using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestration.Dashboard.Telemetry;

/// <summary>
/// A 16-byte W3C trace id, kept as a number: 16 bytes per span instead of a 32-character string.
/// Written and parsed as 32 lowercase hex digits, as OTLP/JSON and <c>traceparent</c> spell it.
/// </summary>
[JsonConverter(typeof(TraceIdJsonConverter))]
public readonly record struct TraceId(UInt128 Value)
{
    /// <summary>Reads the 16 bytes of OTLP's <c>trace_id</c>; false for any other length or all zeros (invalid in W3C).</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out TraceId id)
    {
        id = default;
        if (bytes.Length != 16) return false;
        id = new TraceId(BinaryPrimitives.ReadUInt128BigEndian(bytes));
        return id.Value != UInt128.Zero;
    }

    /// <summary>Parses 32 hex digits (either case). <c>TraceId.TryParse("4bf92f3577b34da6a3ce929d0e0e4736", out var id)</c></summary>
    public static bool TryParse(string? text, out TraceId id)
    {
        id = default;
        if (text is not { Length: 32 } || !UInt128.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return false;
        id = new TraceId(value);
        return value != UInt128.Zero;
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString("x32", CultureInfo.InvariantCulture);
}

internal sealed class TraceIdJsonConverter : JsonConverter<TraceId>
{
    public override TraceId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => TraceId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("A trace id is 32 hex digits.");

    public override void Write(Utf8JsonWriter writer, TraceId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
