// The api's HTTP contract (the AppHost, the gateway, the whole-stack tests and the worker rely on it):
//
//   POST /api/documents?name={name}     body: the document's raw bytes (any valid Content-Type, stored with it)
//     201 { "id": "<uuid>" }, Location: /api/documents/<uuid>
//         The body is read whole first (memory up to 8 MiB, a temporary file beyond), then a row is inserted with
//         status "uploading", the object is stored under documents/<uuid>, the row becomes "queued", and a job is
//         pushed for the worker (see below). 201 means the row says "queued": the document will be processed, even
//         if the push to Redis failed or the job is lost from Redis later (the worker re-queues such rows).
//     400 problem+json   missing/blank name, name over 255 characters or holding control characters or line
//                        breaks, a Content-Type that is not a media type, or an empty body
//     413 problem+json   body over 100 MB (104857600 bytes), by Content-Length or while reading a chunked body;
//                        nothing reaches S3
//     503 problem+json   PostgreSQL or S3 unavailable (Retry-After: 5); what was stored is removed again, or,
//                        when S3 gave no answer, left "uploading" for the worker to sweep
//
//   GET /api/documents/{id}   (503 problem+json with Retry-After while PostgreSQL is unavailable, as for the list)
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
// "documents:processing" and sets status "processed", sha256 (hex), lines and processed_at on the row. The row is
// the truth, the job only a wake-up: a job may come twice or never, and the worker copes with both.

using Amazon.Runtime;
using Api.Infrastructure;
using Microsoft.Net.Http.Headers;

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
        if (DocumentNames.Check(name) is var (title, detail))
            return Problem(StatusCodes.Status400BadRequest, title, detail);
        if (request.ContentType is { } contentType && !MediaTypeHeaderValue.TryParse(contentType, out _))
            return Problem(StatusCodes.Status400BadRequest, "Invalid Content-Type", "The Content-Type header is not a media type (type/subtype; parameters).");
        if (request.ContentLength == 0)
            return EmptyBody();
        if (request.ContentLength > DocumentLimits.MaxBytes)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Document too large", DocumentLimits.TooLargeMessage);

        // The whole body, within the limit, before anything is stored: a refused upload leaves nothing behind.
        await using var body = await DocumentSpool.ReadAsync(request.Body, cancellationToken);
        if (body.Length == 0)
            return EmptyBody();

        var id = Guid.CreateVersion7();
        var key = $"documents/{id}";
        await store.InsertUploadingAsync(id, name!, body.Length, request.ContentType, key, cancellationToken);
        try
        {
            // Not the request's token: a PUT cut off half-way can still land in the S3 server (s3rver stores what it got)
            // after our delete, so once the body is whole it goes up whole, bounded by the S3 client's own timeout.
            await storage.PutAsync(key, body.Content, request.ContentType ?? "application/octet-stream", CancellationToken.None);
        }
        catch (AmazonServiceException ex) when (ex.StatusCode != 0)
        {
            // S3 answered: the request is over, nothing of it can land later.
            await ForgetAsync(id, key, storage, store, logger);
            throw;
        }
        // Anything else (no answer, connection lost): the object may still appear. The row stays "uploading" so
        // the object never lacks its row; the worker's sweeper removes both once the upload is stale.

        try
        {
            await store.MarkQueuedAsync(id);
        }
        catch
        {
            await ForgetAsync(id, key, storage, store, logger);
            // A dependency outage becomes 503 with Retry-After (DependencyExceptionHandler); anything else stays a 500.
            throw;
        }

        // Accepted: the row says queued, so the worker gets to it even if this push is lost (its reconciler
        // re-queues queued rows missing from Redis). Whatever the push does, the answer is 201.
        string? notPushed;
        try
        {
            notPushed = await queue.TryEnqueueAsync(id, storage.Bucket, key) ? null : "not connected";
        }
        catch (Exception ex)
        {
            notPushed = ex.GetType().Name;
        }
        if (notPushed is not null)
            logger.LogWarning("Document {Id} is queued in its row; its job could not be pushed to Redis ({Reason}): the worker will find it", id, notPushed);

        logger.LogInformation("Document {Id} ({Name}, {Size} bytes) stored and queued", id, LogValue.Escape(name), body.Length);
        return TypedResults.Created($"/api/documents/{id}", new { id });
    }

    /// <summary>Undoes a failed upload: the object first (its row is what lets the worker sweep it later), then the row.</summary>
    private static async Task ForgetAsync(Guid id, string key, DocumentStorage storage, DocumentStore store, ILogger logger)
    {
        try
        {
            await storage.DeleteAsync(key);
            await store.DeleteUploadingAsync(id);
        }
        catch (Exception ex)
        {
            // Best effort, never masking the failure being reported. The row stays "uploading"; the worker removes
            // its object and the row once the upload is stale.
            logger.LogWarning("Document {Id}: could not undo the failed upload now ({Reason}); the worker sweeps it", id, ex.GetType().Name);
        }
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
