using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Npgsql;
using Orchestration.Hosting.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Orchestration.Stack.Tests;

/// <summary>
/// The worker finds its work in the table, not only in Redis: a queued row whose job never reached Redis is
/// processed, and an upload the api left half-done (row "uploading", object stored, no answer) is swept.
/// The rows and objects are made the way the api makes them, with the real servers of a running stack.
/// </summary>
public sealed class WorkerRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_queued_document_whose_job_never_reached_Redis_is_processed()
    {
        await using var app = await Stack.StartAsync(output);
        using var gateway = app.CreateHttpClient("gateway");
        var bytes = RandomNumberGenerator.GetBytes(10_000);
        var id = Guid.CreateVersion7();

        // What the api leaves when Redis is down at the push: the object, its row queued, no job.
        await PutObjectAsync(app, $"documents/{id}", bytes);
        await InsertRowAsync(app, id, "queued", age: TimeSpan.Zero);

        var document = await Stack.WaitProcessedAsync(gateway, id.ToString(), TimeSpan.FromSeconds(30));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), document.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task An_upload_the_api_never_finished_is_swept_with_its_object()
    {
        await using var app = await Stack.StartAsync(output);
        var id = Guid.CreateVersion7();

        // What an api killed between storing the object and answering leaves, long enough ago to be stale.
        await PutObjectAsync(app, $"documents/{id}", "half-done"u8.ToArray());
        await InsertRowAsync(app, id, "uploading", age: TimeSpan.FromMinutes(10));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && (await RowExistsAsync(app, id) || await ObjectExistsAsync(app, $"documents/{id}")))
            await Task.Delay(250);
        Assert.False(await RowExistsAsync(app, id), "the row is still there");
        Assert.False(await ObjectExistsAsync(app, $"documents/{id}"), "the object is still there");
    }

    [Fact]
    public async Task A_job_seen_twice_is_harmless()
    {
        await using var app = await Stack.StartAsync(output);
        using var gateway = app.CreateHttpClient("gateway");
        var id = await Stack.UploadAsync(gateway, "twice.txt", new StringContent("once\n"));
        var first = await Stack.WaitProcessedAsync(gateway, id, TimeSpan.FromSeconds(30));

        // The reconciler may re-queue a job the worker is already done with: the same job again.
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("redis"))!);
        var queue = redis.GetDatabase();
        await queue.ListLeftPushAsync("documents:queue", $$"""{"id":"{{id}}","key":"documents/{{id}}","bucket":"documents"}""");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && (await queue.ListLengthAsync("documents:queue") > 0 || await queue.ListLengthAsync("documents:processing") > 0))
            await Task.Delay(50);
        Assert.Equal(0, await queue.ListLengthAsync("documents:queue") + await queue.ListLengthAsync("documents:processing"));

        var again = System.Text.Json.JsonDocument.Parse(await gateway.GetStringAsync($"/api/documents/{id}")).RootElement;
        Assert.Equal("processed", again.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("sha256").GetString(), again.GetProperty("sha256").GetString());
        Assert.Equal(first.GetProperty("processedAt").GetString(), again.GetProperty("processedAt").GetString()); // not done again
    }

    private static async Task InsertRowAsync(TestingApplication app, Guid id, string status, TimeSpan age)
    {
        await using var db = new NpgsqlConnection(await app.GetConnectionStringAsync("app"));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO documents (id, name, size, object_key, status, created_at) VALUES ($1, 'made.bin', 1, $2, $3, now() - $4)", db);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = $"documents/{id}" });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = age });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<bool> RowExistsAsync(TestingApplication app, Guid id)
    {
        await using var db = new NpgsqlConnection(await app.GetConnectionStringAsync("app"));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM documents WHERE id = $1", db);
        command.Parameters.Add(new() { Value = id });
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static async Task PutObjectAsync(TestingApplication app, string key, byte[] bytes)
    {
        var (client, bucket) = await S3Async(app);
        using (client)
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });
    }

    private static async Task<bool> ObjectExistsAsync(TestingApplication app, string key)
    {
        var (client, bucket) = await S3Async(app);
        using (client)
        {
            var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = key });
            return (listed.S3Objects ?? []).Any(o => o.Key == key);
        }
    }

    private static async Task<(AmazonS3Client, string)> S3Async(TestingApplication app)
    {
        var s3 = S3Settings.Parse((await app.GetConnectionStringAsync("documents"))!);
        return (new AmazonS3Client(s3.AccessKey, s3.SecretKey, new AmazonS3Config { ServiceURL = s3.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" }), s3.Bucket);
    }
}
