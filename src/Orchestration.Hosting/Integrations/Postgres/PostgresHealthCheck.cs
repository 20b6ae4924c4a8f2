using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Integrations.Postgres;

/// <summary>Healthy when a real query (<c>SELECT 1</c>) works through Npgsql with the resource's own connection string.</summary>
internal static class PostgresHealthCheck
{
    /// <summary>The database the server's own check and setup use: it always exists.</summary>
    public const string MaintenanceDatabase = "postgres";

    /// <summary>The server's own check: it must say it is ready before it is asked a query.</summary>
    public static Task<HealthCheckResult> CheckServerAsync(PostgresServerResource server, HealthCheckContextForResource context, CancellationToken cancellationToken)
    {
        var folders = PostgresFolders.Of(server, context.Services.GetRequiredService<AppHostDirectories>());
        return folders.ServerSaysReady()
            ? CheckAsync(server, server.ConnectionStringExpression, context, cancellationToken)
            : Task.FromResult(HealthCheckResult.Unhealthy("starting up"));
    }

    public static async Task<HealthCheckResult> CheckAsync(PostgresServerResource server, ReferenceExpression connectionString, HealthCheckContextForResource context, CancellationToken cancellationToken)
    {
        var value = await connectionString.GetValueAsync(context.Resolver, cancellationToken).ConfigureAwait(false);
        var builder = new NpgsqlConnectionStringBuilder(value);
        try
        {
            await using var connection = Open(builder, builder.Database ?? MaintenanceDatabase);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var query = new NpgsqlCommand("SELECT 1", connection);
            await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return HealthCheckResult.Unhealthy(
                $"{e.MessageText}. The data folder was initialised with another password: set the one it was made with " +
                $"({server.PasswordParameter.ConfigurationKey}), or remove the data volume to start afresh.");
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy(e.InnerException is { } inner && e is not PostgresException ? inner.Message : e.Message);
        }
    }

    /// <summary>
    /// A connection of its own to <paramref name="database"/>, outside any pool: checks and setup
    /// must neither keep connections open nor reuse one that died with a restart.
    /// </summary>
    public static NpgsqlConnection Open(NpgsqlConnectionStringBuilder connectionString, string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString.ConnectionString)
        {
            Database = database,
            Pooling = false,
            Timeout = 5,
            CommandTimeout = 5,
        };
        return new NpgsqlConnection(builder.ConnectionString);
    }
}
