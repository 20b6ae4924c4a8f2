using System.Buffers;
using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Orchestration.Dashboard.Security;
using RpcStatus = Orchestration.Dashboard.Otlp.Proto.Rpc.Status;

namespace Orchestration.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP: <c>POST /v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c> with a protobuf or JSON body,
/// optionally gzip-compressed. Answers in the request's format: the export response, or a
/// <c>google.rpc.Status</c> with 400 (malformed), 401 (key), 413 (too large) or 415 (format).
/// </summary>
internal sealed class OtlpHttpHandler(OtlpReceiver receiver, OtlpApiKeyCheck keyCheck, DashboardOptions options)
{
    private const string Protobuf = "application/x-protobuf";
    private const string Json = "application/json";

    public async Task HandleAsync<TRequest, TResponse>(HttpContext context, MessageParser<TRequest> parser, Func<OtlpReceiver, TRequest, TResponse> export)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        var format = FormatOf(context.Request.ContentType);
        if (!keyCheck.IsAuthorized(context.Request.Headers[OtlpApiKeyCheck.HeaderName]))
        {
            await WriteErrorAsync(context, format, StatusCodes.Status401Unauthorized, 16, $"Missing or wrong {OtlpApiKeyCheck.HeaderName} header.");
            return;
        }
        if (format is null)
        {
            await WriteErrorAsync(context, null, StatusCodes.Status415UnsupportedMediaType, 3, $"Content-Type must be {Protobuf} or {Json}.");
            return;
        }

        var (body, status, error) = await ReadBodyAsync(context);
        if (body is null)
        {
            await WriteErrorAsync(context, format, status, status == StatusCodes.Status413PayloadTooLarge ? 8 : 3, error!);
            return;
        }

        TResponse response;
        try
        {
            var request = format == Protobuf ? parser.ParseFrom(body) : OtlpJson.Parse<TRequest>(body);
            response = export(receiver, request);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever a hostile or broken body makes the parsers throw, the answer is the same, and nothing was stored.
            await WriteErrorAsync(context, format, StatusCodes.Status400BadRequest, 3, $"Malformed OTLP {(format == Protobuf ? "protobuf" : "JSON")}: {e.Message}");
            return;
        }
        await WriteAsync(context, format, StatusCodes.Status200OK, response);
    }

    private static string? FormatOf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            ? mediaType.MediaType.Value?.ToLowerInvariant() switch { Protobuf => Protobuf, Json => Json, _ => null }
            : null;

    private async Task<(byte[]? Body, int Status, string? Error)> ReadBodyAsync(HttpContext context)
    {
        var max = options.MaxOtlpRequestBytes;
        var tooLarge = $"The request is larger than {max} bytes (Dashboard:MaxOtlpRequestBytes).";
        if (context.Request.ContentLength > max) return (null, StatusCodes.Status413PayloadTooLarge, tooLarge);
        var encoding = context.Request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (encoding is not ("" or "identity" or "gzip"))
            return (null, StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported; use gzip or none.");

        byte[]? body;
        try
        {
            body = await ReadLimitedAsync(context.Request.Body, max, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return (null, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? tooLarge : e.Message);
        }
        if (body is null) return (null, StatusCodes.Status413PayloadTooLarge, tooLarge);
        if (encoding != "gzip") return (body, StatusCodes.Status200OK, null);

        // The limit holds for what the body expands to as well: a small bomb is as large as what it inflates to.
        try
        {
            using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            var inflated = await ReadLimitedAsync(gzip, max, context.RequestAborted);
            return inflated is null ? (null, StatusCodes.Status413PayloadTooLarge, tooLarge) : (inflated, StatusCodes.Status200OK, null);
        }
        catch (InvalidDataException e)
        {
            return (null, StatusCodes.Status400BadRequest, $"The body is not valid gzip: {e.Message}");
        }
    }

    /// <summary>The whole stream, or null as soon as it is longer than <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream stream, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > max) return null;
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, string? format, int status, int rpcCode, string message)
    {
        if (format is null)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(message);
        }
        return WriteAsync(context, format, status, new RpcStatus { Code = rpcCode, Message = message });
    }

    private static async Task WriteAsync(HttpContext context, string format, int status, IMessage message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = format;
        if (format == Protobuf) await context.Response.Body.WriteAsync(message.ToByteArray());
        else await context.Response.WriteAsync(OtlpJson.Format(message));
    }
}
