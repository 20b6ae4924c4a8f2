using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Orchestration.Dashboard.Otlp.Proto.Common;
using Orchestration.Dashboard.Telemetry;
using OtlpResource = Orchestration.Dashboard.Otlp.Proto.Resource.Resource;

namespace Orchestration.Dashboard.Otlp;

/// <summary>
/// Turns OTLP's typed values into what the store keeps: attributes as text (cut to the configured
/// count and length), times as UTC <see cref="DateTime"/>s, ids as numbers, the resource as a key.
/// </summary>
internal sealed class OtlpValues(TelemetryLimits limits)
{
    private static readonly KeyValuePair<string, string>[] None = [];
    private readonly StringCache _strings = new();

    /// <summary>The one kept copy of a repeated text (names, keys, values); see <see cref="StringCache"/>.</summary>
    public string Share(string text) => _strings.Share(text);

    public KeyValuePair<string, string>[] Attributes(RepeatedField<KeyValue> attributes)
    {
        if (attributes.Count == 0) return None;
        var count = Math.Min(attributes.Count, limits.MaxAttributeCount);
        var result = new KeyValuePair<string, string>[count];
        for (var i = 0; i < count; i++) result[i] = new(_strings.Share(attributes[i].Key), _strings.Share(Text(attributes[i].Value)));
        return result;
    }

    private readonly KeyValuePair<string, string>[]?[] _attributeSets = new KeyValuePair<string, string>[]?[1 << 12];

    /// <summary>
    /// <see cref="Attributes"/>, with one kept array per distinct set: a metric series repeats its
    /// dimensions in every data point. Same replacement scheme as <see cref="StringCache"/>.
    /// </summary>
    public KeyValuePair<string, string>[] SharedAttributes(RepeatedField<KeyValue> attributes)
    {
        var set = Attributes(attributes);
        if (set.Length == 0) return set;
        var hash = new HashCode();
        foreach (var (key, value) in set) { hash.Add(key); hash.Add(value); }
        var slot = (int)((uint)hash.ToHashCode() % (uint)_attributeSets.Length);
        var known = Volatile.Read(ref _attributeSets[slot]);
        if (known is not null && known.AsSpan().SequenceEqual(set)) return known;
        Volatile.Write(ref _attributeSets[slot], set);
        return set;
    }

    /// <summary>A value as text: strings as they are, numbers invariant, bytes as base64, arrays and maps as JSON.</summary>
    public string Text(AnyValue? value)
    {
        var text = value?.ValueCase switch
        {
            null or AnyValue.ValueOneofCase.None => "",
            AnyValue.ValueOneofCase.StringValue => value.StringValue,
            AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
            AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToBase64(),
            _ => Json(value),
        };
        return text.Length <= limits.MaxAttributeLength ? text : text[..limits.MaxAttributeLength] + "…";
    }

    private static string Json(AnyValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteJson(writer, value, depth: 0);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteJson(Utf8JsonWriter writer, AnyValue? value, int depth)
    {
        // The protobuf parser already bounds nesting; this bound keeps the writer's own depth limit out of reach.
        if (depth > 32) { writer.WriteStringValue("…"); return; }
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue: writer.WriteStringValue(value.StringValue); break;
            case AnyValue.ValueOneofCase.BoolValue: writer.WriteBooleanValue(value.BoolValue); break;
            case AnyValue.ValueOneofCase.IntValue: writer.WriteNumberValue(value.IntValue); break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue): writer.WriteNumberValue(value.DoubleValue); break;
            case AnyValue.ValueOneofCase.DoubleValue: writer.WriteStringValue(value.DoubleValue.ToString(CultureInfo.InvariantCulture)); break;
            case AnyValue.ValueOneofCase.BytesValue: writer.WriteStringValue(value.BytesValue.ToBase64()); break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value.ArrayValue.Values) WriteJson(writer, item, depth + 1);
                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject();
                foreach (var pair in value.KvlistValue.Values)
                {
                    writer.WritePropertyName(pair.Key);
                    WriteJson(writer, pair.Value, depth + 1);
                }
                writer.WriteEndObject();
                break;
            default: writer.WriteNullValue(); break;
        }
    }

    /// <summary>Who sent a batch: <c>service.name</c> (OTLP's <c>unknown_service</c> when missing) and <c>service.instance.id</c>.</summary>
    public static TelemetryResourceKey KeyOf(OtlpResource? resource)
    {
        string? name = null, instance = null;
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                if (attribute.Key == "service.name") name = attribute.Value?.StringValue;
                else if (attribute.Key == "service.instance.id") instance = attribute.Value?.StringValue;
            }
        }
        name = string.IsNullOrEmpty(name) ? "unknown_service" : name;
        return new TelemetryResourceKey(name, string.IsNullOrEmpty(instance) ? name : instance);
    }

    /// <summary>OTLP's nanoseconds since the Unix epoch as a UTC time (to the 100 ns a DateTime holds).</summary>
    public static DateTime Time(ulong unixNano) => DateTime.UnixEpoch.AddTicks((long)(unixNano / 100));

    public static TraceId TraceId(Google.Protobuf.ByteString bytes, string what)
        => Telemetry.TraceId.TryRead(bytes.Span, out var id) ? id : throw new OtlpPayloadException($"{what}: a trace id must be 16 bytes, not all zero.");

    public static SpanId SpanId(Google.Protobuf.ByteString bytes, string what)
        => Telemetry.SpanId.TryRead(bytes.Span, out var id) ? id : throw new OtlpPayloadException($"{what}: a span id must be 8 bytes, not all zero.");

    /// <summary>An optional trace id (log records, parents): empty or all zeros means none; any other length is malformed.</summary>
    public static TraceId? OptionalTraceId(Google.Protobuf.ByteString bytes, string what) =>
        bytes.Length == 0 ? null
        : bytes.Length != 16 ? throw new OtlpPayloadException($"{what}: a trace id must be 16 bytes.")
        : Telemetry.TraceId.TryRead(bytes.Span, out var id) ? id : null;

    /// <summary>An optional span id: empty or all zeros means none.</summary>
    public static SpanId? OptionalSpanId(Google.Protobuf.ByteString bytes, string what) =>
        bytes.Length == 0 ? null
        : bytes.Length != 8 ? throw new OtlpPayloadException($"{what}: a span id must be 8 bytes.")
        : Telemetry.SpanId.TryRead(bytes.Span, out var id) ? id : null;
}
