using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using StackExchange.Redis;

namespace Orchestration.NativeRuntime.Tests;

public class ContainerRecipeTests
{
    [Fact]
    public async Task Aspire_Postgres_runs_natively_and_its_database_is_created_and_reachable()
    {
        await using var model = new AspireModel();
        var db = model.Builder.AddPostgres("pg").AddDatabase("app");
        model.Service("web").WithReference(db).WaitFor(db);

        await model.StartAsync();
        await model.App.ResourceNotifications.WaitForResourceHealthyAsync("web").WaitAsync(TimeSpan.FromSeconds(60));

        // The connection string Aspire hands out reaches the native server and the database Aspire created.
        var connectionString = await model.App.GetConnectionStringAsync("app");
        Assert.Contains("127.0.0.1", connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select current_database()", connection);
        Assert.Equal("app", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Aspire_Redis_runs_natively_with_its_generated_password()
    {
        await using var model = new AspireModel();
        model.Builder.AddRedis("cache");

        await model.StartAsync();
        await model.App.ResourceNotifications.WaitForResourceHealthyAsync("cache").WaitAsync(TimeSpan.FromSeconds(30));

        var connectionString = await model.App.GetConnectionStringAsync("cache");
        Assert.Contains("password=", connectionString);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        await redis.GetDatabase().StringSetAsync("k", "v");
        Assert.Equal("v", (string?)await redis.GetDatabase().StringGetAsync("k"));
        // The password is required: the native server is the container Aspire described, not an open one.
        var withoutPassword = connectionString!.Split(',').Where(p => !p.StartsWith("password=", StringComparison.Ordinal));
        await using var anonymous = await ConnectionMultiplexer.ConnectAsync(string.Join(',', withoutPassword) + ",abortConnect=false");
        await Assert.ThrowsAnyAsync<RedisException>(() => anonymous.GetDatabase().PingAsync());
    }

    [Fact]
    public async Task A_container_without_a_recipe_fails_validation_naming_the_image_and_starts_nothing()
    {
        await using var model = new AspireModel();
        model.Builder.AddContainer("search", "docker.elastic.co/elasticsearch/elasticsearch", "9.1.0");
        model.Service("web");

        var error = await Assert.ThrowsAnyAsync<Exception>(model.StartAsync);

        Assert.Contains("Container 'search'", error.Message);
        Assert.Contains("elasticsearch/elasticsearch:9.1.0", error.Message);
        Assert.Contains("--runtime dcp", error.Message);
        Assert.Empty(model.Records()); // not even the valid service started
    }
}
