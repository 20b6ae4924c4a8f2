using Orchestration.Hosting.Integrations.Postgres;

namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server, run natively: <c>initdb</c> once into its data folder, then <c>postgres</c> on a
/// loopback port. Clients get <c>Host=…;Port=…;Username=…;Password=…</c>; databases are added with
/// <c>AddDatabase</c>.
/// <code>var db = builder.AddPostgres("pg").WithDataVolume().AddDatabase("app");</code>
/// </summary>
internal sealed class PostgresServerResource : ExecutableResource, IResourceWithConnectionString
{
    /// <summary>The name of the endpoint clients connect to.</summary>
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The superuser when no user name parameter is given (as in the container image).</summary>
    public const string DefaultUserName = "postgres";

    private readonly Dictionary<string, string> _databases = new(StringComparer.Ordinal);

    internal PostgresServerResource(string name, ParameterResource? userName, ParameterResource password, string workingDirectory)
        : base(name, "postgres", workingDirectory)
    {
        UserNameParameter = userName;
        PasswordParameter = password;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>The endpoint clients connect to.</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>The superuser's name, when given as a parameter; else <see cref="DefaultUserName"/>.</summary>
    public ParameterResource? UserNameParameter { get; }

    /// <summary>The superuser's password (generated and kept per machine unless configured).</summary>
    public ParameterResource PasswordParameter { get; }

    /// <summary>The superuser's name as an expression.</summary>
    public ReferenceExpression UserNameReference =>
        UserNameParameter is null ? ReferenceExpression.Literal(DefaultUserName) : ReferenceExpression.Of(UserNameParameter);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserNameReference};Password={PasswordParameter}");

    /// <summary>The databases added with <c>AddDatabase</c>: resource name → database name.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    /// <summary>The data volume's name when the data is kept across runs (<c>WithDataVolume</c>); null when it is thrown away.</summary>
    public string? DataVolumeName { get; internal set; }

    /// <summary><c>postgres</c> itself, or <c>setpriv</c> when the AppHost runs as root and PostgreSQL must run as another user.</summary>
    public override string Command => UnprivilegedUser.Required ? UnprivilegedUser.Switcher : PostgresBinaries.Postgres;

    internal void AddDatabase(string resourceName, string databaseName) => _databases[resourceName] = databaseName;

    /// <inheritdoc />
    protected internal override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (Annotations.Last<ReplicaAnnotation>() is { Replicas: > 1 })
            yield return $"PostgreSQL server '{Name}' runs as one copy (its data folder is its own); remove WithReplicas.";
        var binaries = PostgresBinaries.FindDirectory();
        // Without root the program check of every process already names a missing `postgres`, with the install hint.
        if (binaries is null && UnprivilegedUser.Required)
            yield return $"PostgreSQL server '{Name}': PostgreSQL was not found (neither 'postgres' on PATH nor /usr/lib/postgresql/*/bin). Install it: {PostgresBinaries.InstallHint}";
        else if (binaries is not null && !File.Exists(Path.Combine(binaries, "initdb")))
            yield return $"PostgreSQL server '{Name}': 'initdb' is missing from '{binaries}', next to 'postgres'. Install it: {PostgresBinaries.InstallHint}";
        if (UnprivilegedUser.Required && UnprivilegedUser.Find() is null)
            yield return UnprivilegedUser.MissingMessage(Name);
    }
}
