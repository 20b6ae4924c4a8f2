using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Integrations.Postgres;

namespace Orchestration.Hosting;

/// <summary>PostgreSQL: <c>builder.AddPostgres("pg").WithDataVolume().AddDatabase("app")</c>.</summary>
internal static class PostgresBuilderExtensions
{
    private const int ContainerPort = 5432;
    private const string ContainerDataPath = "/var/lib/postgresql/data";

    /// <summary>
    /// A PostgreSQL server, run as a native process on a free loopback port (or <paramref name="port"/>).
    /// The superuser is <c>postgres</c> unless <paramref name="userName"/> says otherwise; its password is
    /// <paramref name="password"/>, or a generated secret <c>{name}-password</c> kept per machine. Without
    /// <see cref="WithDataVolume"/> the data is thrown away when the stack stops.
    /// <code>var pg = builder.AddPostgres("pg");</code>
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name (a DNS label).</param>
    /// <param name="userName">The superuser's name; <c>postgres</c> when null.</param>
    /// <param name="password">The superuser's password; generated (and kept) when null.</param>
    /// <param name="port">A fixed local port; a free one when null.</param>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name,
        IResourceBuilder<ParameterResource>? userName = null, IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        var passwordParameter = password?.Resource ?? builder.AddGeneratedParameter($"{name}-password").Resource;
        var server = new PostgresServerResource(name, userName?.Resource, passwordParameter, builder.AppHostDirectory);

        return builder.AddResource(server)
            .WithEndpoint(port: port, targetPort: ContainerPort, name: PostgresServerResource.PrimaryEndpointName)
            .WithAnnotation(new ContainerImageAnnotation("library/postgres", "17.6", "docker.io"))
            .WithInstallHint(PostgresBinaries.InstallHint)
            .WithAnnotation(PostgresContainerForm.For(server))
            .WithArgs(ctx => PostgresNativeProcess.AddArgs(server, ctx))
            .OnBeforeResourceStarted(PostgresNativeProcess.PrepareAsync)
            .OnResourceReady(PostgresDatabaseCreator.CreateAsync)
            // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, a checkpoint written, no recovery at the next start.
            .WithStopSignal(StopAnnotation.SigInt)
            .WithHealthCheck("postgres query", (ctx, ct) => PostgresHealthCheck.CheckServerAsync(server, ctx, ct),
                new ExecHealthProbe(["pg_isready", "-U", UserNameForProbe(builder, userName?.Resource)]));
    }

    /// <summary>
    /// A database in the server, created when the server is first ready (if it does not exist yet).
    /// Reference it to hand out its connection string; wait for it to start once it accepts queries.
    /// <code>var db = pg.AddDatabase("app"); api.WithReference(db).WaitFor(db);</code>
    /// </summary>
    /// <param name="builder">The server.</param>
    /// <param name="name">The resource name (a DNS label); also the connection string's name.</param>
    /// <param name="databaseName">The database's name in the server; <paramref name="name"/> when null.</param>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var server = builder.Resource;
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server);
        var result = builder.ApplicationBuilder.AddResource(database);
        server.AddDatabase(name, database.DatabaseName);
        return result.WithHealthCheck($"postgres query in {database.DatabaseName}",
            (ctx, ct) => PostgresHealthCheck.CheckAsync(server, database.ConnectionStringExpression, ctx, ct));
    }

    /// <summary>
    /// Keeps the data across runs in a data volume: a folder in the AppHost's state folder locally, a
    /// named volume when published. The generated password is kept with it, so it keeps working.
    /// <code>builder.AddPostgres("pg").WithDataVolume()</code>
    /// </summary>
    /// <param name="builder">The server.</param>
    /// <param name="name">The volume's name; <c>data</c> when null (the folder is <c>volumes/{resource}-{name}</c>).</param>
    public static IResourceBuilder<PostgresServerResource> WithDataVolume(this IResourceBuilder<PostgresServerResource> builder, string? name = null)
    {
        var volume = name ?? "data";
        if (ResourceName.Check(volume) is not null)
            return builder.WithProblem($"Data volume name '{volume}' of '{builder.Resource.Name}' is invalid: use lowercase letters, digits and '-'.");
        builder.Resource.DataVolumeName = volume;
        builder.Resource.Annotations.RemoveAll(a => a is ContainerMountAnnotation { Target: ContainerDataPath });
        return builder.WithAnnotation(new ContainerMountAnnotation($"{builder.Resource.Name}-{volume}", ContainerDataPath, IsVolume: true));
    }

    /// <summary>
    /// The user <c>pg_isready</c> names in a container's probe. It only decides what the server logs
    /// (pg_isready does not log in), so configuration or a fixed default is good enough.
    /// </summary>
    private static string UserNameForProbe(IDistributedApplicationBuilder builder, ParameterResource? userName) =>
        userName is null ? PostgresServerResource.DefaultUserName
        : builder.Configuration[userName.ConfigurationKey]
          ?? (userName.Default as ConstantParameterDefault)?.GetDefaultValue()
          ?? PostgresServerResource.DefaultUserName;
}
