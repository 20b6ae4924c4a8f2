using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Api.Infrastructure;

namespace Api.Documents;

/// <summary>Documents' bytes in the documents bucket, one object per document.</summary>
/// <remarks>
/// One plain PutObject from a seekable stream (<see cref="DocumentSpool"/>): the SDK signs it with its SHA-256 and
/// sends the bytes as they are. A non-seekable body could only be signed with aws-chunked encoding, which MinIO
/// decodes but s3rver stores verbatim, chunk signatures and all. A multipart upload would leave parts behind when
/// its abort is refused (s3rver refuses it). A single PUT holds up to 5 GiB, far above the 100 MB limit.
/// </remarks>
public sealed class DocumentStorage(IAmazonS3 s3, S3ConnectionString connection)
{
    public string Bucket => connection.Bucket;

    /// <summary>Stores <paramref name="content"/> (seekable, at its start) under <paramref name="key"/>.</summary>
    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        using var activity = StartSpan("PutObject", key);
        activity?.SetTag("document.size", content.Length);
        try
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = connection.Bucket,
                Key = key,
                InputStream = content,
                AutoCloseStream = false,
                ContentType = contentType,
                UseChunkEncoding = false,
            }, cancellationToken);
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <summary>Removes the object of an upload that failed after it was stored; deleting a missing key succeeds.</summary>
    public async Task DeleteAsync(string key)
    {
        using var activity = StartSpan("DeleteObject", key);
        // Not the request's token: a client that went away must not leave the object behind.
        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = connection.Bucket, Key = key }, CancellationToken.None);
    }

    private Activity? StartSpan(string operation, string key)
    {
        var activity = ApiTelemetry.Source.StartActivity($"S3.{operation}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "aws-api");
        activity?.SetTag("rpc.service", "S3");
        activity?.SetTag("rpc.method", operation);
        activity?.SetTag("aws.s3.bucket", connection.Bucket);
        activity?.SetTag("aws.s3.key", key);
        return activity;
    }
}
