using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;

namespace Orchestration.Dashboard.Tests;

/// <summary>
/// A unary gRPC call made by hand over HTTP/2 (the dashboard compiles only server stubs): enough to
/// see the status a client gets for a wrong key, a too large message or a malformed one.
/// </summary>
internal static class RawGrpc
{
    public static async Task<(int Status, string? Message)> CallAsync(Uri server, string method, IMessage request, string? apiKey, int padTo = 0)
    {
        using var client = new HttpClient();
        var payload = request.ToByteArray();
        if (padTo > payload.Length) payload = [.. payload, .. PaddingField(padTo - payload.Length)];
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(server, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.ContentType = new("application/grpc");
        message.Headers.TE.ParseAdd("trailers");
        if (apiKey is not null) message.Headers.Add("x-otlp-api-key", apiKey);

        using var response = await client.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync(); // trailers arrive after the body
        var status = Header(response, "grpc-status") ?? throw new InvalidOperationException($"No grpc-status (HTTP {(int)response.StatusCode}).");
        return (int.Parse(status), Header(response, "grpc-message") is { } m ? Uri.UnescapeDataString(m) : null);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var t) ? t.First()
        : response.Headers.TryGetValues(name, out var h) ? h.First()
        : null;

    /// <summary>An unknown length-delimited field (number 999): parsers skip it, but it counts toward the size.</summary>
    private static byte[] PaddingField(int size)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(999, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(new byte[size]));
        output.Flush();
        return stream.ToArray();
    }

    public const string TraceExport = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
}
