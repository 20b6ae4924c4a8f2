using Api.Documents;
using Npgsql;

namespace Api.Infrastructure;

/// <summary>
/// Creates the schema before the server takes requests, retrying while PostgreSQL is still coming up
/// (refusing connections, or "the database system is starting up"). Gives up after <see cref="Deadline"/>
/// so a wrong connection string fails the start instead of hanging it.
/// </summary>
public sealed class SchemaInitializer(DocumentStore store, ILogger<SchemaInitializer> logger) : IHostedService
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the schema exists; the Postgres health check is unhealthy until then.</summary>
    public bool IsReady => ready.Task.IsCompletedSuccessfully;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Deadline;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.EnsureSchemaAsync(cancellationToken);
                logger.LogInformation("Schema ready after {Attempts} attempt(s)", attempt);
                ready.TrySetResult();
                return;
            }
            catch (NpgsqlException ex) when (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                if (attempt == 1) logger.LogInformation("Waiting for PostgreSQL: {Reason}", ex.Message);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
