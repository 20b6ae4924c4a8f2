using Npgsql;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Integrations.Postgres;

/// <summary>
/// Creates the server's databases once it is ready, before anything that waits for them starts:
/// each <c>AddDatabase</c>, and one named after a custom superuser (what the container image does,
/// so a connection string without <c>Database=</c> works the same in both). Idempotent.
/// </summary>
internal static class PostgresDatabaseCreator
{
    public static async Task CreateAsync(PostgresServerResource server, ResourceEventContext context)
    {
        var cancellationToken = context.CancellationToken;
        var userName = await server.UserNameReference.GetValueAsync(context.Resolver, cancellationToken).ConfigureAwait(false);
        var wanted = server.Databases.Values.ToList();
        if (userName is { Length: > 0 } && userName != PostgresServerResource.DefaultUserName) wanted.Insert(0, userName);
        if (wanted.Count == 0) return;

        var connectionString = await server.ConnectionStringExpression.GetValueAsync(context.Resolver, cancellationToken).ConfigureAwait(false);
        await using var connection = PostgresHealthCheck.Open(new NpgsqlConnectionStringBuilder(connectionString), PostgresHealthCheck.MaintenanceDatabase);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var database in wanted.Distinct(StringComparer.Ordinal))
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null) continue;
            try
            {
                // CREATE DATABASE takes no parameters: the name is quoted as an identifier instead.
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // made by someone else in the meantime: just as good
            }
        }
    }
}
