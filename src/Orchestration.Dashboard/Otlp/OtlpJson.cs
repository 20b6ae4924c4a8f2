using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Orchestration.Dashboard.Otlp;

/// <summary>
/// OTLP/JSON: the protobuf JSON mapping, except that trace and span ids are hex strings rather than
/// base64. The ids are rewritten to base64, then Google.Protobuf's parser reads the message,
/// ignoring fields it does not know (as the specification asks of receivers).
/// </summary>
internal static class OtlpJson
{
    private static readonly HashSet<string> IdFields = ["traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"];

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>Parses a request; throws on malformed JSON, a bad id or a value of the wrong type.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8) where T : IMessage<T>, new()
    {
        var root = JsonNode.Parse(utf8) as JsonObject ?? throw new OtlpPayloadException("An OTLP/JSON request is a JSON object.");
        HexIdsToBase64(root);
        return Parser.Parse<T>(root.ToJsonString());
    }

    public static string Format(IMessage message) => JsonFormatter.Default.Format(message);

    private static void HexIdsToBase64(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var value = obj[name];
                    if (IdFields.Contains(name) && value is JsonValue id && id.TryGetValue<string>(out var hex))
                        obj[name] = Convert.ToBase64String(Convert.FromHexString(hex)); // FormatException on a bad id: 400
                    else
                        HexIdsToBase64(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) HexIdsToBase64(item);
                break;
        }
    }
}
