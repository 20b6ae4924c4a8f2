using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Api.Infrastructure;

/// <summary>Healthy when the documents bucket exists (HEAD bucket). The S3 resource creates it, not the api.</summary>
public sealed class S3BucketHealthCheck(IAmazonS3 s3, S3ConnectionString connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await s3.HeadBucketAsync(new() { BucketName = connection.Bucket }, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Bucket '{connection.Bucket}' does not exist at {connection.Endpoint}.");
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"S3 at {connection.Endpoint} does not answer for bucket '{connection.Bucket}'.", ex);
        }
    }
}
