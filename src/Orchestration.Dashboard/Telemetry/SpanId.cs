using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestration.Dashboard.Telemetry;

/// <summary>An 8-byte span id, kept as a number; written as 16 lowercase hex digits.</summary>
[JsonConverter(typeof(SpanIdJsonConverter))]
public readonly record struct SpanId(ulong Value)
{
    /// <summary>Reads the 8 bytes of OTLP's <c>span_id</c>; false for any other length or all zeros.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out SpanId id)
    {
        id = default;
        if (bytes.Length != 8) return false;
        id = new SpanId(BinaryPrimitives.ReadUInt64BigEndian(bytes));
        return id.Value != 0;
    }

    /// <summary>Parses 16 hex digits (either case). <c>SpanId.TryParse("00f067aa0ba902b7", out var id)</c></summary>
    public static bool TryParse(string? text, out SpanId id)
    {
        id = default;
        if (text is not { Length: 16 } || !ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return false;
        id = new SpanId(value);
        return value != 0;
    }

    /// <inheritdoc />
    public override string ToString() => Value.ToString("x16", CultureInfo.InvariantCulture);
}

internal sealed class SpanIdJsonConverter : JsonConverter<SpanId>
{
    public override SpanId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => SpanId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("A span id is 16 hex digits.");

    public override void Write(Utf8JsonWriter writer, SpanId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
