using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Api.Infrastructure;

/// <summary>Healthy when PostgreSQL answers <c>SELECT 1</c> and the schema has been created.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, SchemaInitializer schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL does not answer SELECT 1.", ex);
        }
        return schema.IsReady
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "The documents schema is not created yet.");
    }
}
