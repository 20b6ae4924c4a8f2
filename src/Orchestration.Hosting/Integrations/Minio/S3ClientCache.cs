using Amazon.Runtime;
using Amazon.S3;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Integrations.Minio;

/// <summary>
/// S3 clients for health checks and bucket setup, one per server address and key, made once: health
/// is polled every few milliseconds while a server starts, and a new SDK client per poll would cost more
/// than the call. Disposed with the AppHost's services.
/// </summary>
internal sealed class S3ClientCache : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Endpoint, string AccessKey, string SecretKey), AmazonS3Client> _clients = [];

    public async Task<AmazonS3Client> GetAsync(MinioServerResource server, ValueResolver resolver, CancellationToken cancellationToken)
    {
        var endpoint = await server.PrimaryEndpoint.Property(EndpointProperty.Url).GetValueAsync(resolver, cancellationToken).ConfigureAwait(false);
        var accessKey = await server.RootUser.GetValueAsync(resolver, cancellationToken).ConfigureAwait(false);
        var secretKey = await server.RootPassword.GetValueAsync(resolver, cancellationToken).ConfigureAwait(false);
        var key = (endpoint!, accessKey ?? "", secretKey ?? "");
        lock (_gate)
        {
            if (!_clients.TryGetValue(key, out var client)) _clients[key] = client = Create(key.Item1, key.Item2, key.Item3);
            return client;
        }
    }

    /// <summary>A client for a local S3 server: path-style addresses (no bucket subdomains on 127.0.0.1); no retries, as the caller polls.</summary>
    public static AmazonS3Client Create(string endpoint, string accessKey, string secretKey) => new(
        new BasicAWSCredentials(accessKey, secretKey),
        new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var client in _clients.Values) client.Dispose();
            _clients.Clear();
        }
    }
}
