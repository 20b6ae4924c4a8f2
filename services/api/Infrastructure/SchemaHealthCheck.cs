using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Api.Infrastructure;

/// <summary>
/// Healthy once the documents schema exists. PostgreSQL answering at all is Aspire's Npgsql check's to say
/// (<c>AddNpgsqlDataSource</c>), Redis's is Aspire's Redis check's (<c>AddRedisClient</c>).
/// </summary>
public sealed class SchemaHealthCheck(SchemaInitializer schema) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(schema.IsReady
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "The documents schema is not created yet."));
}
