using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.Integrations.Minio;

/// <summary>
/// How an S3 server runs as a native process: <c>minio server &lt;dir&gt; --address 127.0.0.1:port</c>,
/// or s3rver under node (installed on first use); its health (an S3 call with the stack's key) and
/// its buckets (created once it is healthy).
/// </summary>
internal static class MinioLocalRun
{
    public static void AddEnvironment(MinioServerResource server, EnvironmentCallbackContext context)
    {
        var directories = context.Services.GetRequiredService<AppHostDirectories>();
        var env = context.EnvironmentVariables;
        // Both servers read the key pair from MinIO's variables; the launch script too.
        env["MINIO_ROOT_USER"] = server.RootUser;
        env["MINIO_ROOT_PASSWORD"] = server.RootPassword;
        env["ORCHESTRATION_S3_SERVER"] = server.ServerDescription;
        if (server.Server == S3ServerKind.Minio)
        {
            // MinIO's web console would listen on a random port of every interface; the S3 API is what the stack uses.
            env["MINIO_BROWSER"] = "off";
            env["MINIO_UPDATE"] = "off";
            return;
        }
        env["S3RVER_MODULE"] = server.S3rverInstallation.ModuleDirectory;
        env["S3RVER_DIRECTORY"] = server.DataDirectory(directories);
        env["S3RVER_ADDRESS"] = server.PrimaryEndpoint.Property(EndpointProperty.Host);
        env["S3RVER_PORT"] = server.PrimaryEndpoint.Property(EndpointProperty.Port);
    }

    public static void AddArgs(MinioServerResource server, CommandLineArgsCallbackContext context)
    {
        var directories = context.Services.GetRequiredService<AppHostDirectories>();
        if (server.Server == S3ServerKind.Minio)
            context.Args.AddRange(["server", server.DataDirectory(directories), "--address", server.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)]);
        else
            context.Args.Add(Path.Combine(directories.RunFolder(server.Name), S3rverLaunchScript.FileName));
    }

    /// <summary>Before each start: say which server runs; for s3rver, install it on first use and write its launch script.</summary>
    public static async Task PrepareAsync(MinioServerResource server, ResourceEventContext context)
    {
        var console = context.Services.GetRequiredService<StackConsole>();
        if (server.Server == S3ServerKind.Minio)
        {
            console.WriteStatus(server.Name, $"S3 server: minio ({ExecutableLookup.Find("minio", server.WorkingDirectory)})");
            return;
        }
        console.WriteStatus(server.Name, $"S3 server: {server.ServerDescription}");
        await server.S3rverInstallation.EnsureInstalledAsync(line => console.WriteStatus(server.Name, line), context.CancellationToken).ConfigureAwait(false);
        var directories = context.Services.GetRequiredService<AppHostDirectories>();
        await File.WriteAllTextAsync(Path.Combine(directories.RunFolder(server.Name), S3rverLaunchScript.FileName), S3rverLaunchScript.Text, context.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Healthy when the server answers an authenticated S3 call (ListBuckets) with the stack's key; asked once its port
    /// accepts connections, as the SDK's call on a closed port is a costly failure polled while node starts s3rver.
    /// </summary>
    public static async Task<HealthCheckResult> CheckServerAsync(MinioServerResource server, HealthCheckContextForResource context, CancellationToken cancellationToken)
    {
        if (await LoopbackPort.NotListeningAsync(server.PrimaryEndpoint, context.Resolver, cancellationToken).ConfigureAwait(false) is { } waiting)
            return HealthCheckResult.Unhealthy(waiting);
        var client = await context.Services.GetRequiredService<S3ClientCache>().GetAsync(server, context.Resolver, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.ListBucketsAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (AmazonS3Exception e)
        {
            return HealthCheckResult.Unhealthy($"{e.ErrorCode ?? ((int)e.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy(e.InnerException?.Message ?? e.Message);
        }
    }

    /// <summary>Once the server is healthy: creates its buckets, keeping those that exist (with their objects).</summary>
    public static async Task CreateBucketsAsync(MinioServerResource server, ResourceEventContext context)
    {
        if (server.Buckets.Count == 0) return;
        var client = await context.Services.GetRequiredService<S3ClientCache>().GetAsync(server, context.Resolver, context.CancellationToken).ConfigureAwait(false);
        var console = context.Services.GetRequiredService<StackConsole>();
        // Asked first, not learnt from a refused PutBucket: on every warm start the buckets exist, and the
        // SDK's error path (an exception unmarshalled from the error body) is its slowest call, on the way
        // to everything that waits for the buckets.
        var existing = (await client.ListBucketsAsync(context.CancellationToken).ConfigureAwait(false)).Buckets?
            .Select(b => b.BucketName).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var bucket in server.Buckets.Where(b => !existing.Contains(b.BucketName)))
        {
            try
            {
                await client.PutBucketAsync(bucket.BucketName, context.CancellationToken).ConfigureAwait(false);
                console.WriteStatus(server.Name, $"created bucket '{bucket.BucketName}'");
            }
            catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
            {
                // Made meanwhile by someone else with this key: creation stays idempotent.
            }
        }
    }

    /// <summary>Healthy when the bucket exists and the stack's key can reach it.</summary>
    public static async Task<HealthCheckResult> CheckBucketAsync(MinioBucketResource bucket, HealthCheckContextForResource context, CancellationToken cancellationToken)
    {
        var client = await context.Services.GetRequiredService<S3ClientCache>().GetAsync(bucket.Parent, context.Resolver, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.HeadBucketAsync(new Amazon.S3.Model.HeadBucketRequest { BucketName = bucket.BucketName }, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (AmazonS3Exception e)
        {
            return HealthCheckResult.Unhealthy(e.StatusCode == System.Net.HttpStatusCode.NotFound
                ? $"bucket '{bucket.BucketName}' does not exist"
                : $"bucket '{bucket.BucketName}': {e.ErrorCode ?? e.StatusCode.ToString()}: {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy(e.InnerException?.Message ?? e.Message);
        }
    }
}
