namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A database inside a <see cref="PostgresServerResource"/>, created (once) when the server is first
/// ready. Its connection string is the server's plus <c>Database=…</c>; it is healthy when a query in it works.
/// <code>api.WithReference(pg.AddDatabase("app")).WaitFor(db)</code>
/// </summary>
internal sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithParent, IResourceWithConnectionString
{
    /// <summary>The server that holds the database.</summary>
    public PostgresServerResource Parent { get; } = parent;

    IResource IResourceWithParent.Parent => Parent;

    /// <summary>The database's name in the server (the resource name unless given).</summary>
    public string DatabaseName { get; } = databaseName;

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Parent.ConnectionStringExpression};Database={DatabaseName}");
}
