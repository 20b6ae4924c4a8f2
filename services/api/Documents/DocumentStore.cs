using Npgsql;

namespace Api.Documents;

/// <summary>The <c>documents</c> table in PostgreSQL; the worker updates the same rows.</summary>
public sealed class DocumentStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, name, size, status, sha256, lines, error, created_at, processed_at";

    /// <summary>Idempotent: the api creates its table at every start, the worker relies on it.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS documents (
                id uuid PRIMARY KEY,
                name text NOT NULL,
                size bigint NOT NULL,
                content_type text,
                object_key text NOT NULL,
                status text NOT NULL,
                sha256 text,
                lines bigint,
                error text,
                created_at timestamptz NOT NULL DEFAULT now(),
                processed_at timestamptz
            );
            CREATE INDEX IF NOT EXISTS documents_created_at ON documents (created_at DESC);
            CREATE INDEX IF NOT EXISTS documents_unfinished ON documents (created_at) WHERE status IN ('uploading', 'queued');
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The row comes before the object (status <c>uploading</c>): every object in the bucket has its row, whenever the
    /// api stops. A row left <c>uploading</c> by an api that died mid-upload is swept by the worker.
    /// </summary>
    public async Task InsertUploadingAsync(Guid id, string name, long size, string? contentType, string objectKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO documents (id, name, size, content_type, object_key, status)
            VALUES ($1, $2, $3, $4, $5, $6)
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = name });
        command.Parameters.Add(new() { Value = size });
        command.Parameters.Add(new() { Value = (object?)contentType ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = objectKey });
        command.Parameters.Add(new() { Value = DocumentStatus.Uploading });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The object is stored: from here on the document is the worker's, whatever happens to Redis or the api.</summary>
    public async Task MarkQueuedAsync(Guid id)
    {
        await using var command = dataSource.CreateCommand("UPDATE documents SET status = $2 WHERE id = $1 AND status = $3");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = DocumentStatus.Queued });
        command.Parameters.Add(new() { Value = DocumentStatus.Uploading });
        if (await command.ExecuteNonQueryAsync(CancellationToken.None) != 1)
            throw new InvalidOperationException($"Document {id} was not uploading any more.");
    }

    /// <summary>Forgets an upload that failed before it was accepted.</summary>
    public async Task DeleteUploadingAsync(Guid id)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM documents WHERE id = $1 AND status = $2");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = DocumentStatus.Uploading });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    public async Task<Document?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM documents WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<Document>> ListLatestAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM documents ORDER BY created_at DESC, id DESC LIMIT $1");
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var documents = new List<Document>();
        while (await reader.ReadAsync(cancellationToken)) documents.Add(Read(reader));
        return documents;
    }

    private static Document Read(NpgsqlDataReader reader) => new(
        Id: reader.GetGuid(0),
        Name: reader.GetString(1),
        Size: reader.GetInt64(2),
        Status: reader.GetString(3),
        Sha256: reader.IsDBNull(4) ? null : reader.GetString(4),
        Lines: reader.IsDBNull(5) ? null : reader.GetInt64(5),
        Error: reader.IsDBNull(6) ? null : reader.GetString(6),
        CreatedAt: reader.GetDateTime(7),
        ProcessedAt: reader.IsDBNull(8) ? null : reader.GetDateTime(8));
}
