using StackExchange.Redis;
using Xunit.Abstractions;

namespace Orchestration.Integrations.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // native processes, /proc
public sealed class RedisTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_connection_string_works_with_StackExchange_Redis()
    {
        await using var stack = new IntegrationStack(output);
        stack.Builder.AddRedis("cache");
        await stack.StartAsync();

        var connectionString = await stack.App.GetConnectionStringAsync("cache");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        await redis.GetDatabase().StringSetAsync("greeting", "hello");

        Assert.Equal("hello", await redis.GetDatabase().StringGetAsync("greeting"));
        Assert.Matches("^127.0.0.1:[0-9]+,password=[A-Za-z0-9]{22}$", connectionString);
    }

    [Fact]
    public async Task The_password_is_in_a_private_config_file_not_on_the_command_line()
    {
        await using var stack = new IntegrationStack(output);
        stack.Builder.AddRedis("cache");
        await stack.StartAsync();

        var connectionString = await stack.App.GetConnectionStringAsync("cache");
        var password = PasswordOf(connectionString);
        var args = ProcessInspection.CommandLineOf(stack.Pid("cache")!.Value);
        Assert.DoesNotContain(args, arg => arg.Contains(password, StringComparison.Ordinal));

        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString + ",allowAdmin=true");
        var info = await redis.GetServer(redis.GetEndPoints()[0]).InfoAsync("server");
        var config = info.SelectMany(g => g).Single(p => p.Key == "config_file").Value;
        Assert.Contains(password, await File.ReadAllTextAsync(config));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
    }

    [Fact]
    public async Task With_a_data_volume_data_and_the_generated_password_survive_a_fresh_start()
    {
        var state = Directory.CreateTempSubdirectory("orch-redis-state-").FullName;
        try
        {
            string firstPassword;
            await using (var first = new IntegrationStack(output, state))
            {
                first.Builder.AddRedis("cache").WithDataVolume();
                await first.StartAsync();
                var connectionString = await first.App.GetConnectionStringAsync("cache");
                firstPassword = PasswordOf(connectionString);
                await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!);
                await redis.GetDatabase().StringSetAsync("kept", "yes");
            }

            await using var second = new IntegrationStack(output, state);
            second.Builder.AddRedis("cache").WithDataVolume();
            await second.StartAsync();
            var again = await second.App.GetConnectionStringAsync("cache");
            Assert.Equal(firstPassword, PasswordOf(again));
            await using var reconnected = await ConnectionMultiplexer.ConnectAsync(again!);
            Assert.Equal("yes", await reconnected.GetDatabase().StringGetAsync("kept"));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_key_survives_a_restart_of_the_resource_exactly_when_it_has_a_data_volume(bool withDataVolume)
    {
        await using var stack = new IntegrationStack(output);
        var cache = stack.Builder.AddRedis("cache");
        if (withDataVolume) cache.WithDataVolume();
        await stack.StartAsync();
        var connectionString = await stack.App.GetConnectionStringAsync("cache");
        await using (var before = await ConnectionMultiplexer.ConnectAsync(connectionString!))
            await before.GetDatabase().StringSetAsync("job:42", "queued");
        var firstPid = stack.Pid("cache");

        await stack.CommandAsync("cache", KnownResourceCommands.RestartCommand);
        await stack.App.ResourceNotifications.WaitForResourceAsync("cache",
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy && stack.Pid("cache") != firstPid)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(firstPid, stack.Pid("cache"));
        await using var after = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        var value = await after.GetDatabase().StringGetAsync("job:42");
        Assert.Equal(withDataVolume ? "queued" : null, (string?)value);
        // The append-only file lives in the state folder's volumes, like postgres' data.
        Assert.Equal(withDataVolume, Directory.Exists(Path.Combine(stack.Directory, "state", "volumes", "cache-data", "appendonlydir")));
    }

    [Fact]
    public async Task Without_a_data_volume_nothing_persists()
    {
        var state = Directory.CreateTempSubdirectory("orch-redis-state-").FullName;
        try
        {
            await using (var first = new IntegrationStack(output, state))
            {
                first.Builder.AddRedis("cache");
                await first.StartAsync();
                await using var redis = await ConnectionMultiplexer.ConnectAsync((await first.App.GetConnectionStringAsync("cache"))!);
                await redis.GetDatabase().StringSetAsync("kept", "yes");
            }

            await using var second = new IntegrationStack(output, state);
            second.Builder.AddRedis("cache");
            await second.StartAsync();
            await using var reconnected = await ConnectionMultiplexer.ConnectAsync((await second.App.GetConnectionStringAsync("cache"))!);
            Assert.False((await reconnected.GetDatabase().StringGetAsync("kept")).HasValue);
            Assert.False(Directory.Exists(Path.Combine(state, "volumes")), "nothing should be written to the state folder");
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task A_wrong_password_or_none_is_refused()
    {
        await using var stack = new IntegrationStack(output);
        stack.Builder.AddRedis("cache");
        await stack.StartAsync();
        var address = (await stack.App.GetConnectionStringAsync("cache"))!.Split(',')[0];

        var wrong = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync($"{address},password=not-the-password,connectTimeout=1000"));
        Assert.Equal(ConnectionFailureType.AuthenticationFailure, wrong.FailureType);

        // Without a password the connection opens, but no command is accepted.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPEndPoint.Parse(address));
        await using var stream = client.GetStream();
        await stream.WriteAsync("GET anything\r\n"u8.ToArray());
        var reply = new byte[256];
        var length = await stream.ReadAsync(reply);
        Assert.StartsWith("-NOAUTH", System.Text.Encoding.ASCII.GetString(reply, 0, length));
    }

    [Fact]
    public async Task After_dispose_the_server_is_gone()
    {
        var stack = new IntegrationStack(output);
        int pid;
        int port;
        try
        {
            stack.Builder.AddRedis("cache");
            await stack.StartAsync();
            pid = stack.Pid("cache")!.Value;
            port = stack.App.GetEndpoint("cache", "tcp").Port;
            Assert.True(ProcessInspection.IsAlive(pid));
        }
        finally
        {
            await stack.DisposeAsync();
        }

        Assert.False(ProcessInspection.IsAlive(pid), $"redis-server (pid {pid}) is still alive");
        using var client = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task The_model_carries_what_publishers_need()
    {
        var folder = Directory.CreateTempSubdirectory("orch-redis-publish-").FullName;
        try
        {
            // `publish` reads the model Aspire's AddRedis made, as the native runtime lowers it.
            await using var stack = new IntegrationStack(output, args: ["publish", "--target", "compose", "--output", folder]);
            var cache = stack.Builder.AddRedis("cache").WithDataVolume();
            // A client written out beside it: what WithReference hands it is the cache's connection string, in compose's terms.
            stack.Builder.AddContainer("client", "example/client", "1.0").WithReference(cache);
            await stack.App.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var service = PostgresTests.ComposeService(await File.ReadAllTextAsync(Path.Combine(folder, "compose.yaml")), "cache");
            Assert.Contains("image: docker.io/library/redis:7.4.5", service);
            Assert.Contains("- cache-data:/data", service);
            Assert.Contains("- --requirepass\n    - ${CACHE_PASSWORD:?set CACHE_PASSWORD in .env}", service);
            Assert.Contains("- CMD\n      - redis-cli\n      - ping", service);
            var client = PostgresTests.ComposeService(await File.ReadAllTextAsync(Path.Combine(folder, "compose.yaml")), "client");
            Assert.Contains("ConnectionStrings__cache: cache:6379,password=${CACHE_PASSWORD:?set CACHE_PASSWORD in .env}", client);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Two_copies_of_one_server_are_refused_before_anything_starts()
    {
        await using var stack = new IntegrationStack(output);
        // Aspire's WithReplicas is for .NET programs; its ReplicaAnnotation is how a model asks any resource for copies.
        stack.Builder.AddRedis("cache").WithAnnotation(new ReplicaAnnotation(2));

        var problems = await stack.StartRejectedAsync();

        Assert.Contains(problems, p => p.Contains("'cache' runs as one copy", StringComparison.Ordinal));
    }

    private static string PasswordOf(string? connectionString) => ConfigurationOptions.Parse(connectionString!).Password!;
}
