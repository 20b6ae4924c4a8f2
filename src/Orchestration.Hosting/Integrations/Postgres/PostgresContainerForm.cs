using System.Text;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Integrations.Postgres;

/// <summary>
/// The server as the official image runs it: superuser and password from its variables, the first
/// database created by the image, any others by an init script (run once, on an empty data folder).
/// </summary>
internal static class PostgresContainerForm
{
    public static ContainerRuntimeAnnotation For(PostgresServerResource server) => new()
    {
        Environment = env =>
        {
            env["POSTGRES_USER"] = server.UserNameReference;
            env["POSTGRES_PASSWORD"] = server.PasswordParameter;
            if (server.Databases.Count > 0) env["POSTGRES_DB"] = server.Databases.Values.First();
            // A subfolder: a fresh volume (ext4's lost+found) is not empty, and initdb refuses a non-empty folder.
            env["PGDATA"] = "/var/lib/postgresql/data/pgdata";
        },
        ConfigFiles = () => server.Databases.Count <= 1 ? [] :
        [
            new ContainerConfigFile("initdb", "/docker-entrypoint-initdb.d/10-databases.sql", (_, _) => Task.FromResult(CreateDatabases(server))),
        ],
        // pg_isready is the image's own "accepting connections" check.
        TcpProbeCommand = port => ["pg_isready", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        // The image's postgres user; the socket and lock files go to /var/run/postgresql.
        RunAsUser = 999,
        WritablePaths = ["/tmp", "/var/run/postgresql"],
        Resources = ContainerResources.Medium,
    };

    private static string CreateDatabases(PostgresServerResource server)
    {
        var sql = new StringBuilder("-- Databases after the first (POSTGRES_DB); run by the image on an empty data folder.\n");
        foreach (var database in server.Databases.Values.Skip(1))
            sql.Append("CREATE DATABASE \"").Append(database.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\";\n");
        return sql.ToString();
    }
}
