using Amazon.Runtime;
using Amazon.S3;
using Api.Documents;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace Api.Infrastructure;

/// <summary>The api's clients, read from the connection strings the AppHost injects, and their health checks.</summary>
public static class ApiServiceCollectionExtensions
{
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(3);

    public static IHostApplicationBuilder AddDocuments(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        // Aspire's client integrations: the data source and the multiplexer from ConnectionStrings__app and
        // ConnectionStrings__redis, with their health checks, traces and metrics.
        RequiredConnectionString(builder, "app");
        builder.AddNpgsqlDataSource("app");
        RequiredConnectionString(builder, "redis");
        // Start even while Redis is not up yet; the multiplexer keeps reconnecting and /health says so.
        builder.AddRedisClient("redis", configureOptions: options => options.AbortOnConnectFail = false);

        var s3 = S3ConnectionString.Parse(RequiredConnectionString(builder, "documents"), "documents");
        services.AddSingleton(s3);
        services.AddSingleton<IAmazonS3>(_ => new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), new AmazonS3Config
        {
            ServiceURL = s3.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            // Trailing checksums ride on aws-chunked bodies, which s3rver and older MinIO do not decode.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // A PUT is never cancelled by its request (see DocumentEndpoints), so these bound it: ~2 minutes at
            // worst, well inside the 5 minutes after which the worker sweeps an upload the api never finished.
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 2,
        }));

        services.AddSingleton<DocumentStore>();
        services.AddSingleton<DocumentQueue>();
        services.AddSingleton<DocumentStorage>();
        services.AddSingleton<SchemaInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<SchemaInitializer>());

        services.AddHealthChecks()
            .Add(Check<SchemaHealthCheck>("schema"))
            .Add(Check<S3BucketHealthCheck>("s3"));
        return builder;
    }

    private static HealthCheckRegistration Check<T>(string name) where T : class, IHealthCheck =>
        new(name, sp => ActivatorUtilities.CreateInstance<T>(sp), HealthStatus.Unhealthy, tags: null, HealthCheckTimeout);

    private static string RequiredConnectionString(IHostApplicationBuilder builder, string name) =>
        builder.Configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"ConnectionStrings:{name} is not set (environment variable ConnectionStrings__{name}); the AppHost injects it from .WithReference(...).");
}
