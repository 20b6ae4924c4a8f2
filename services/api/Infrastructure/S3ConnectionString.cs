using System.Data.Common;

namespace Api.Infrastructure;

/// <summary>
/// <c>Endpoint=http://127.0.0.1:9000;AccessKey=…;SecretKey=…;Bucket=documents</c>, the form the AppHost
/// writes for an S3-compatible server (MinIO, or s3rver on machines without it).
/// </summary>
public sealed record S3ConnectionString(Uri Endpoint, string AccessKey, string SecretKey, string Bucket)
{
    public static S3ConnectionString Parse(string connectionString, string name)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };

        string Required(string key) =>
            parts.TryGetValue(key, out var value) && value is string text && text.Length > 0
                ? text
                : throw new InvalidOperationException($"ConnectionStrings:{name} has no {key}=…; expected Endpoint=…;AccessKey=…;SecretKey=…;Bucket=….");

        var endpoint = Required("Endpoint");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"ConnectionStrings:{name} has Endpoint={endpoint}; expected an http(s) URL.");
        }
        return new S3ConnectionString(uri, Required("AccessKey"), Required("SecretKey"), Required("Bucket"));
    }
}
