using System.Buffers;
using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Api.Infrastructure;

namespace Api.Documents;

/// <summary>
/// Streams request bodies into the documents bucket with at most one part in memory.
/// </summary>
/// <remarks>
/// Why parts and not one streaming PutObject: over plain HTTP the SDK can only sign a non-seekable body
/// with aws-chunked encoding (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), which MinIO decodes but s3rver stores
/// verbatim, chunk signatures and all. A seekable in-memory part is signed with its SHA-256 and sent as
/// plain bytes, which every S3-compatible server takes. Bodies up to one part go up in a single PUT;
/// larger ones as a multipart upload, one <see cref="PartSize"/> buffer reused for every part.
/// </remarks>
public sealed class DocumentStorage(IAmazonS3 s3, S3ConnectionString connection, ILogger<DocumentStorage> logger)
{
    /// <summary>8 MiB: above S3's 5 MiB minimum part, 13 parts for a 100 MiB document.</summary>
    public const int PartSize = 8 * 1024 * 1024;

    public string Bucket => connection.Bucket;

    /// <summary>Uploads <paramref name="body"/> under <paramref name="key"/>; returns its length, 0 (and stores nothing) when empty.</summary>
    /// <exception cref="BadHttpRequestException">413 when the body is longer than <see cref="DocumentLimits.MaxBytes"/>.</exception>
    public async Task<long> UploadAsync(string key, Stream body, string contentType, CancellationToken cancellationToken)
    {
        using var activity = StartSpan("Upload", key, ActivityKind.Internal);
        var buffer = ArrayPool<byte>.Shared.Rent(PartSize);
        try
        {
            var filled = await FillAsync(body, buffer, cancellationToken);
            long size;
            if (filled == 0)
            {
                size = 0;
            }
            else if (filled < PartSize)
            {
                await PutAsync(key, buffer, filled, contentType, cancellationToken);
                size = filled;
            }
            else
            {
                size = await MultipartAsync(key, body, buffer, filled, contentType, cancellationToken);
            }
            activity?.SetTag("document.size", size);
            return size;
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PutAsync(string key, byte[] buffer, int length, string contentType, CancellationToken cancellationToken)
    {
        using var activity = StartSpan("PutObject", key);
        using var content = new MemoryStream(buffer, 0, length, writable: false);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = connection.Bucket,
            Key = key,
            InputStream = content,
            ContentType = contentType,
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    private async Task<long> MultipartAsync(string key, Stream body, byte[] buffer, int filled, string contentType, CancellationToken cancellationToken)
    {
        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = connection.Bucket,
            Key = key,
            ContentType = contentType,
        }, cancellationToken);

        try
        {
            var parts = new List<PartETag>();
            long total = 0;
            while (filled > 0)
            {
                var partNumber = parts.Count + 1;
                using (var activity = StartSpan("UploadPart", key))
                using (var content = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    activity?.SetTag("aws.s3.part_number", partNumber);
                    var response = await s3.UploadPartAsync(new UploadPartRequest
                    {
                        BucketName = connection.Bucket,
                        Key = key,
                        UploadId = upload.UploadId,
                        PartNumber = partNumber,
                        InputStream = content,
                        PartSize = filled,
                        UseChunkEncoding = false,
                    }, cancellationToken);
                    parts.Add(new PartETag(partNumber, response.ETag));
                }
                total += filled;
                filled = await FillAsync(body, buffer, cancellationToken);
                if (total + filled > DocumentLimits.MaxBytes)
                    throw new BadHttpRequestException(DocumentLimits.TooLargeMessage, StatusCodes.Status413PayloadTooLarge);
            }

            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = connection.Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken);
            return total;
        }
        catch
        {
            // The body failed (too large, client gone) or S3 did: leave no orphaned parts behind.
            await AbortAsync(key, upload.UploadId);
            throw;
        }
    }

    /// <summary>Best effort: the failure that got us here is the one to report (s3rver answers 405 to an abort).</summary>
    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = connection.Bucket,
                Key = key,
                UploadId = uploadId,
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            logger.LogWarning("Could not abort the multipart upload of {Key}: {Reason}", key, ex.Message);
        }
    }

    /// <summary>Reads until the buffer holds a whole part or the body ends.</summary>
    private static async Task<int> FillAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < PartSize)
        {
            var read = await body.ReadAsync(buffer.AsMemory(filled, PartSize - filled), cancellationToken);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }

    private Activity? StartSpan(string operation, string key, ActivityKind kind = ActivityKind.Client)
    {
        var activity = ApiTelemetry.Source.StartActivity($"S3.{operation}", kind);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", "S3");
        activity?.SetTag("rpc.method", operation);
        activity?.SetTag("aws.s3.bucket", connection.Bucket);
        activity?.SetTag("aws.s3.key", key);
        return activity;
    }
}
