using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Npgsql;
using Orchestration.Hosting.Orchestration;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Orchestration.Stack.Tests;

public sealed class StackTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_upload_through_the_gateway_is_processed_by_the_worker()
    {
        await using var app = await Stack.StartAsync(output);
        using var gateway = app.CreateHttpClient("gateway");
        var text = string.Concat(Enumerable.Range(1, 1000).Select(i => $"line {i}\n")) + "no newline at the end";
        var bytes = Encoding.UTF8.GetBytes(text);

        var id = await Stack.UploadAsync(gateway, "notes.txt", new ByteArrayContent(bytes));
        var document = await Stack.WaitProcessedAsync(gateway, id, TimeSpan.FromSeconds(30));

        Assert.Equal("notes.txt", document.GetProperty("name").GetString());
        Assert.Equal(bytes.Length, document.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), document.GetProperty("sha256").GetString());
        Assert.Equal(1001, document.GetProperty("lines").GetInt64());
        Assert.Contains(id, await gateway.GetStringAsync("/api/documents"));
        Assert.Contains("<title>Documents</title>", await gateway.GetStringAsync("/"));
    }

    [Fact]
    public async Task Every_connection_string_works_with_its_real_client()
    {
        await using var app = await Stack.StartAsync(output);

        await using (var db = new NpgsqlConnection(await app.GetConnectionStringAsync("app")))
        {
            await db.OpenAsync();
            await using var command = new NpgsqlCommand("select current_database()", db);
            Assert.Equal("app", await command.ExecuteScalarAsync());
        }

        await using (var redis = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("redis"))!))
        {
            Assert.True((await redis.GetDatabase().PingAsync()) < TimeSpan.FromSeconds(5));
        }

        var s3 = S3Settings.Parse((await app.GetConnectionStringAsync("documents"))!);
        using var client = new AmazonS3Client(s3.AccessKey, s3.SecretKey, new AmazonS3Config { ServiceURL = s3.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        var buckets = await client.ListBucketsAsync();
        Assert.Contains(buckets.Buckets, b => b.BucketName == s3.Bucket);
    }

    [Fact]
    public async Task Data_in_Postgres_survives_a_stop_and_start_of_the_stack()
    {
        var state = Directory.CreateTempSubdirectory("orch-stack-state-").FullName;
        try
        {
            string id;
            await using (var first = await Stack.StartAsync(output, o => o.StateDirectory = state))
            {
                using var gateway = first.CreateHttpClient("gateway");
                id = await Stack.UploadAsync(gateway, "kept.txt", new StringContent("kept\n"));
                await Stack.WaitProcessedAsync(gateway, id, TimeSpan.FromSeconds(30));
            }

            await using var second = await Stack.StartAsync(output, o => o.StateDirectory = state);
            using var again = second.CreateHttpClient("gateway");
            var document = await Stack.WaitProcessedAsync(again, id, TimeSpan.FromSeconds(5));
            Assert.Equal("kept.txt", document.GetProperty("name").GetString());
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task Killing_the_worker_mid_job_loses_no_job()
    {
        await using var app = await Stack.StartAsync(output);
        using var gateway = app.CreateHttpClient("gateway");
        var worker = app.ResourceNotifications.Get("worker")!;

        // A big upload keeps the worker busy long enough to be killed in the middle of it.
        var big = new byte[64 * 1024 * 1024];
        Random.Shared.NextBytes(big);
        // Connected before the upload: the worker takes and finishes a job in a few hundred ms on a quiet machine, less
        // than a first Redis connection from here takes.
        string id;
        await using (var redis = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("redis"))!))
        {
            id = await Stack.UploadAsync(gateway, "big.bin", new ByteArrayContent(big));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (await redis.GetDatabase().ListLengthAsync("documents:processing") == 0 && DateTime.UtcNow < deadline) await Task.Delay(5);
            Assert.True(await redis.GetDatabase().ListLengthAsync("documents:processing") > 0, "the worker never took the job");
        }
        System.Diagnostics.Process.GetProcessById(worker.Pid!.Value).Kill(entireProcessTree: true);

        var document = await Stack.WaitProcessedAsync(gateway, id, TimeSpan.FromSeconds(60));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(big)), document.GetProperty("sha256").GetString());
        Assert.True(app.ResourceNotifications.Get("worker")!.RestartCount >= 1);
    }
}

/// <summary>The S3 connection string: <c>Endpoint=…;AccessKey=…;SecretKey=…;Bucket=…</c>.</summary>
internal sealed record S3Settings(string Endpoint, string AccessKey, string SecretKey, string Bucket)
{
    public static S3Settings Parse(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return new S3Settings(parts["Endpoint"], parts["AccessKey"], parts["SecretKey"], parts["Bucket"]);
    }
}
