// The api's HTTP contract (the AppHost, the gateway, the whole-stack tests and the worker rely on it):
//
//   POST /api/documents?name={name}     body: the document's raw bytes (any Content-Type, stored with it)
//     201 { "id": "<uuid>" }, Location: /api/documents/<uuid>
//         The body is streamed to S3 under documents/<uuid> (one 8 MiB part in memory at most), a row is
//         inserted with status "queued", then a job is pushed for the worker (see below).
//     400 problem+json   missing/blank name, name over 255 characters, or an empty body
//     413 problem+json   body over 100 MB (104857600 bytes), by Content-Length or while reading a chunked body
//     503 problem+json   stored, but the job could not be queued (the row says status "failed")
//
//   GET /api/documents/{id}
//     200 { id, name, size, status, sha256?, lines?, error?, createdAt, processedAt? }  (absent when null)
//     400 problem+json   id is not a GUID
//     404 problem+json   no such document
//
//   GET /api/documents
//     200 [ document, ... ]   the latest 50, newest first
//
//   GET /health (PostgreSQL SELECT 1 + schema, Redis PING, S3 bucket exists) and GET /alive: ServiceDefaults.
//
// The job contract with the Python worker (services/worker): LPUSH onto the Redis list "documents:queue" of
//   {"id":"<uuid>","key":"documents/<uuid>","bucket":"documents","traceparent":"00-<trace>-<span>-01"}
// where traceparent is the api's "send documents:queue" producer span. The worker BLMOVEs it (RIGHT end) into
// "documents:processing" and sets status "processed", sha256 (hex), lines and processed_at on the row.

using Api.Infrastructure;
using StackExchange.Redis;

namespace Api.Documents;

/// <summary>Maps the documents endpoints.</summary>
public static class DocumentEndpoints
{
    public const int ListLimit = 50;

    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder endpoints)
    {
        var documents = endpoints.MapGroup("/api/documents");
        documents.MapPost("/", UploadAsync);
        documents.MapGet("/{id}", GetAsync);
        documents.MapGet("/", ListAsync);
        return endpoints;
    }

    private static async Task<IResult> UploadAsync(
        HttpRequest request,
        string? name,
        DocumentStorage storage,
        DocumentStore store,
        DocumentQueue queue,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(DocumentEndpoints));
        if (string.IsNullOrWhiteSpace(name))
            return Problem(StatusCodes.Status400BadRequest, "Missing name", "Give the document's name as ?name=….");
        if (name.Length > DocumentLimits.MaxNameLength)
            return Problem(StatusCodes.Status400BadRequest, "Name too long", $"A document's name has at most {DocumentLimits.MaxNameLength} characters.");
        if (request.ContentLength == 0)
            return EmptyBody();
        if (request.ContentLength > DocumentLimits.MaxBytes)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Document too large", DocumentLimits.TooLargeMessage);

        var id = Guid.CreateVersion7();
        var key = $"documents/{id}";
        var size = await storage.UploadAsync(key, request.Body, request.ContentType ?? "application/octet-stream", cancellationToken);
        if (size == 0)
            return EmptyBody();

        await store.InsertAsync(id, name, size, request.ContentType, key, cancellationToken);
        try
        {
            await queue.EnqueueAsync(id, storage.Bucket, key);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogError(ex, "Document {Id} is stored but its job could not be queued", id);
            await store.MarkFailedAsync(id, $"Could not queue the job: Redis unavailable ({ex.GetType().Name}).", CancellationToken.None);
            return Problem(StatusCodes.Status503ServiceUnavailable, "Queue unavailable", $"Document {id} was stored but could not be queued for processing.");
        }

        logger.LogInformation("Document {Id} ({Name}, {Size} bytes) stored and queued", id, name, size);
        return TypedResults.Created($"/api/documents/{id}", new { id });
    }

    private static async Task<IResult> GetAsync(string id, DocumentStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var documentId))
            return Problem(StatusCodes.Status400BadRequest, "Invalid id", $"'{id}' is not a document id (a GUID).");

        return await store.GetAsync(documentId, cancellationToken) is { } document
            ? TypedResults.Ok(document)
            : Problem(StatusCodes.Status404NotFound, "Document not found", $"There is no document {documentId}.");
    }

    private static async Task<IResult> ListAsync(DocumentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListLatestAsync(ListLimit, cancellationToken));

    private static IResult EmptyBody() =>
        Problem(StatusCodes.Status400BadRequest, "Empty document", "Send the document's bytes as the request body.");

    private static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
