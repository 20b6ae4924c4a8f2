using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Xunit.Abstractions;

namespace Orchestration.Integrations.Tests;

public sealed class PostgresTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_connection_string_works_with_Npgsql()
    {
        await using var stack = new IntegrationStack(output);
        stack.Builder.AddPostgres("pg");
        await stack.StartAsync();

        var connectionString = await stack.App.GetConnectionStringAsync("pg");
        await using var connection = await OpenAsync(connectionString);
        await ExecuteAsync(connection, "CREATE TABLE notes (id int PRIMARY KEY, text text NOT NULL)");
        await ExecuteAsync(connection, "INSERT INTO notes VALUES (1, 'hello')");

        Assert.Equal("hello", await ScalarAsync(connection, "SELECT text FROM notes WHERE id = 1"));
        // Aspire's shape: host, port, the image's default user and a generated password (22 characters, symbols allowed: Aspire quotes it when it must).
        Assert.Matches("^Host=127.0.0.1;Port=[0-9]+;Username=postgres;Password=", connectionString ?? "");
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal(22, parsed.Password!.Length);
        Assert.Null(parsed.Database); // the server's: no database named
    }

    [Fact]
    public async Task The_server_never_runs_as_root_and_its_password_is_not_on_its_command_line()
    {
        await using var stack = new IntegrationStack(output);
        stack.Builder.AddPostgres("pg");
        await stack.StartAsync();

        var pid = stack.Pid("pg")!.Value;
        var password = new NpgsqlConnectionStringBuilder(await stack.App.GetConnectionStringAsync("pg")).Password!;
        Assert.NotEqual(0, ProcessInspection.UserIdOf(pid));
        Assert.DoesNotContain(ProcessInspection.CommandLineOf(pid), arg => arg.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddDatabase_creates_each_database_and_it_is_healthy_on_its_own()
    {
        await using var stack = new IntegrationStack(output);
        var pg = stack.Builder.AddPostgres("pg");
        pg.AddDatabase("app");
        pg.AddDatabase("reports", "reporting");
        await stack.StartAsync();

        Assert.Equal("app", await CurrentDatabaseAsync(await stack.App.GetConnectionStringAsync("app")));
        Assert.Equal("reporting", await CurrentDatabaseAsync(await stack.App.GetConnectionStringAsync("reports")));
        var reports = await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("reports").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HealthStatus.Healthy, reports.Snapshot.HealthStatus);

        // The setup runs again after a restart (Aspire's restart command) and finds the databases there: nothing fails.
        var firstPid = stack.Pid("pg");
        await stack.CommandAsync("pg", KnownResourceCommands.RestartCommand);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stack.App.ResourceNotifications.WaitForResourceAsync("pg", e => e.Snapshot.State?.Text == KnownResourceStates.Running && stack.Pid("pg") != firstPid, timeout.Token);
        // The database follows its server: down while it restarts, back once it is ready again.
        await stack.App.ResourceNotifications.WaitForResourceAsync("app", KnownResourceStates.Running, timeout.Token);
        Assert.Equal("app", await CurrentDatabaseAsync(await stack.App.GetConnectionStringAsync("app")));
    }

    [Fact]
    public async Task A_custom_superuser_gets_a_database_of_its_name_as_with_the_container_image()
    {
        await using var stack = new IntegrationStack(output);
        stack.Builder.AddPostgres("pg", userName: stack.Builder.AddParameter("pg-user", "owner"));
        await stack.StartAsync();

        var connectionString = await stack.App.GetConnectionStringAsync("pg");
        Assert.Contains("Username=owner;", connectionString);
        Assert.Equal("owner", await CurrentDatabaseAsync(connectionString));
    }

    [Fact]
    public async Task With_a_data_volume_data_and_the_generated_password_survive_a_fresh_start()
    {
        var state = Directory.CreateTempSubdirectory("orch-pg-state-").FullName;
        try
        {
            string firstPassword;
            await using (var first = new IntegrationStack(output, state))
            {
                first.Builder.AddPostgres("pg").WithDataVolume().AddDatabase("app");
                await first.StartAsync();
                var connectionString = await first.App.GetConnectionStringAsync("app");
                firstPassword = new NpgsqlConnectionStringBuilder(connectionString).Password!;
                await using var connection = await OpenAsync(connectionString);
                await ExecuteAsync(connection, "CREATE TABLE notes (text text)");
                await ExecuteAsync(connection, "INSERT INTO notes VALUES ('kept')");
            }

            await using var second = new IntegrationStack(output, state);
            second.Builder.AddPostgres("pg").WithDataVolume().AddDatabase("app");
            await second.StartAsync();
            var again = await second.App.GetConnectionStringAsync("app");
            Assert.Equal(firstPassword, new NpgsqlConnectionStringBuilder(again).Password);
            await using var reopened = await OpenAsync(again);
            Assert.Equal("kept", await ScalarAsync(reopened, "SELECT text FROM notes"));
            // A fast shutdown, not a crash: the server did not have to recover.
            Assert.DoesNotContain(second.Lines("pg"), l => l.Contains("automatic recovery", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_data_volume_nothing_persists()
    {
        var state = Directory.CreateTempSubdirectory("orch-pg-state-").FullName;
        try
        {
            string dataFolder;
            await using (var first = new IntegrationStack(output, state))
            {
                first.Builder.AddPostgres("pg");
                await first.StartAsync();
                await using var connection = await OpenAsync(await first.App.GetConnectionStringAsync("pg"));
                await ExecuteAsync(connection, "CREATE TABLE notes (text text)");
                var args = ProcessInspection.CommandLineOf(first.Pid("pg")!.Value);
                dataFolder = args[args.ToList().IndexOf("-D") + 1];
                Assert.True(File.Exists(Path.Combine(dataFolder, "PG_VERSION")));
            }
            Assert.False(Directory.Exists(dataFolder), $"{dataFolder} outlived the run");

            await using var second = new IntegrationStack(output, state);
            second.Builder.AddPostgres("pg");
            await second.StartAsync();
            await using var reopened = await OpenAsync(await second.App.GetConnectionStringAsync("pg"));
            var e = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(reopened, "SELECT count(*) FROM notes"));
            Assert.Equal(PostgresErrorCodes.UndefinedTable, e.SqlState);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        await using var stack = new IntegrationStack(output);
        stack.Builder.AddPostgres("pg");
        await stack.StartAsync();

        var wrong = new NpgsqlConnectionStringBuilder(await stack.App.GetConnectionStringAsync("pg")) { Password = "not-the-password" };
        var e = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(wrong.ConnectionString));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, e.SqlState);
    }

    [Fact]
    public async Task After_dispose_the_server_and_all_its_processes_are_gone()
    {
        var stack = new IntegrationStack(output);
        int[] processes;
        int port;
        try
        {
            stack.Builder.AddPostgres("pg");
            await stack.StartAsync();
            var pid = stack.Pid("pg")!.Value;
            processes = [pid, .. ProcessInspection.ChildrenOf(pid)];
            port = stack.App.GetEndpoint("pg", "tcp").Port;
            Assert.True(processes.Length > 3, "expected the postmaster and its background processes");
        }
        finally
        {
            await stack.DisposeAsync();
        }

        Assert.All(processes, p => Assert.False(ProcessInspection.IsAlive(p), $"process {p} is still alive"));
        using var client = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task As_root_a_data_folder_the_server_user_cannot_reach_is_named_in_the_error()
    {
        if (!Environment.IsPrivilegedProcess || OperatingSystem.IsWindows()) return; // only root hands the server to another user
        await using var stack = new IntegrationStack(output);
        var state = Path.Combine(stack.Directory, "private", "state");
        Directory.CreateDirectory(Path.GetDirectoryName(state)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var blocked = new IntegrationStack(output, state);
        blocked.Builder.AddPostgres("pg").WithDataVolume();

        // Aspire's start returns (what failed stays visible while the rest runs, as with DCP): the state says so, the console why.
        await blocked.StartAsync();

        Assert.Equal(KnownResourceStates.FailedToStart, await blocked.WaitForStateAsync("pg", KnownResourceStates.FailedToStart));
        Assert.Contains("refuses to run as root", blocked.Console);
        Assert.Contains(Path.Combine(state, "volumes", "pg-data"), blocked.Console);
        Assert.Contains($"chmod o+x '{stack.Directory}' '{Path.GetDirectoryName(state)}'", blocked.Console);
    }

    [Fact]
    public async Task The_model_carries_what_publishers_need()
    {
        var folder = Directory.CreateTempSubdirectory("orch-pg-publish-").FullName;
        try
        {
            // `publish` reads the model Aspire's AddPostgres made, as the native runtime lowers it.
            await using var stack = new IntegrationStack(output, args: ["publish", "--target", "compose", "--output", folder]);
            var db = stack.Builder.AddPostgres("pg").WithDataVolume().AddDatabase("app");
            // A client written out beside it: what WithReference hands it is the database's connection string, in compose's terms.
            stack.Builder.AddContainer("client", "example/client", "1.0").WithReference(db);
            await stack.App.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var service = ComposeService(await File.ReadAllTextAsync(Path.Combine(folder, "compose.yaml")), "pg");
            Assert.Contains("image: docker.io/library/postgres:17.6", service);
            Assert.Contains("- pg-data:/var/lib/postgresql/data", service);
            Assert.Contains("POSTGRES_DB: app", service);
            Assert.Contains("POSTGRES_USER: postgres", service);
            Assert.Contains("POSTGRES_PASSWORD: ${PG_PASSWORD:?set PG_PASSWORD in .env}", service);
            Assert.Contains("- CMD\n      - pg_isready\n      - -U\n      - postgres", service.Replace("\r", ""));
            var client = ComposeService(await File.ReadAllTextAsync(Path.Combine(folder, "compose.yaml")), "client");
            Assert.Contains("ConnectionStrings__app: Host=pg;Port=5432;Username=postgres;Password=${PG_PASSWORD:?set PG_PASSWORD in .env};Database=app", client);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One service's block of a compose file: its lines up to the next service.</summary>
    internal static string ComposeService(string compose, string name)
    {
        var lines = compose.Split('\n');
        var start = Array.IndexOf(lines, $"  {name}:");
        Assert.True(start >= 0, $"no service '{name}' in:\n{compose}");
        var block = lines.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal) || l.Length == 0);
        return string.Join('\n', block);
    }

    [Fact]
    public async Task Two_copies_of_one_server_are_refused_before_anything_starts()
    {
        await using var stack = new IntegrationStack(output);
        // Aspire's WithReplicas is for .NET programs; its ReplicaAnnotation is how a model asks any resource for copies.
        stack.Builder.AddPostgres("pg").WithAnnotation(new ReplicaAnnotation(2));

        var problems = await stack.StartRejectedAsync();

        Assert.Contains(problems, p => p.Contains("'pg' runs as one copy", StringComparison.Ordinal));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<object?> CurrentDatabaseAsync(string? connectionString)
    {
        await using var connection = await OpenAsync(connectionString);
        return await ScalarAsync(connection, "SELECT current_database()");
    }

    /// <summary>A connection of its own: a pooled one could be a leftover from before a restart.</summary>
    private static async Task<NpgsqlConnection> OpenAsync(string? connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
