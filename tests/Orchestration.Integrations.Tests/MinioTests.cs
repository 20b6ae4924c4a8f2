using System.Data.Common;
using System.Diagnostics;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit.Abstractions;

namespace Orchestration.Integrations.Tests;

public sealed class MinioTests(ITestOutputHelper output)
{
    /// <summary>One s3rver install per checkout, not one per test folder (the engine's <c>Orchestration:ToolsDirectory</c>).</summary>
    private IntegrationStack NewStack(string? stateDirectory = null)
        => new(output, stateDirectory, $"--Orchestration:ToolsDirectory={ProcessProbe.RepositoryToolsDirectory()}");

    [Fact]
    public async Task A_bucket_added_to_the_model_exists_and_holds_objects_written_with_its_connection_string()
    {
        await using var stack = NewStack();
        var storage = stack.Builder.AddMinio("storage");
        storage.AddBucket("uploads");
        storage.AddBucket("images", bucketName: "user-images");
        await stack.StartAsync();

        var connectionString = await stack.App.GetConnectionStringAsync("uploads");
        var settings = Parse(connectionString!);
        Assert.StartsWith("http://127.0.0.1:", settings["Endpoint"]);
        Assert.Equal("uploads", settings["Bucket"]);
        using var s3 = Client(settings);

        var buckets = (await s3.ListBucketsAsync()).Buckets.Select(b => b.BucketName).ToList();
        Assert.Contains("uploads", buckets);
        Assert.Contains("user-images", buckets);
        Assert.Equal("user-images", Parse((await stack.App.GetConnectionStringAsync("images"))!)["Bucket"]);

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = settings["Bucket"], Key = "notes/hello.txt", ContentBody = "hello, s3" });
        using var read = await s3.GetObjectAsync(settings["Bucket"], "notes/hello.txt");
        Assert.Equal("hello, s3", await new StreamReader(read.ResponseStream).ReadToEndAsync());
        var uploads = await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("uploads").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, uploads.Snapshot.HealthStatus);
    }

    [Fact]
    public async Task A_listing_pages_with_continuation_tokens_through_every_key()
    {
        await using var stack = NewStack();
        stack.Builder.AddMinio("storage").AddBucket("pages");
        await stack.StartAsync();
        using var s3 = Client(Parse((await stack.App.GetConnectionStringAsync("pages"))!));
        var keys = Enumerable.Range(0, 25).Select(i => $"doc-{i:00}.txt").ToList();
        foreach (var key in keys) await s3.PutObjectAsync(new PutObjectRequest { BucketName = "pages", Key = key, ContentBody = key });

        // What a service does to walk a bucket: ListObjectsV2, a page at a time, until it is not truncated.
        var listed = new List<string>();
        var pages = 0;
        var request = new ListObjectsV2Request { BucketName = "pages", MaxKeys = 10 };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request);
            listed.AddRange(page.S3Objects.Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
            pages++;
        }
        while (page.IsTruncated == true);

        Assert.Equal(3, pages);
        Assert.Equal(keys, listed);
    }

    [Fact]
    public async Task A_large_object_uploaded_in_signed_chunks_reads_back_byte_for_byte()
    {
        await using var stack = NewStack();
        stack.Builder.AddMinio("storage").AddBucket("blobs");
        await stack.StartAsync();
        using var s3 = Client(Parse((await stack.App.GetConnectionStringAsync("blobs"))!));

        var data = new byte[3 * 1024 * 1024 + 17];
        Random.Shared.NextBytes(data);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "blobs", Key = "big.bin", InputStream = new MemoryStream(data), ContentType = "application/octet-stream" });

        using var read = await s3.GetObjectAsync("blobs", "big.bin");
        using var copy = new MemoryStream();
        await read.ResponseStream.CopyToAsync(copy);
        Assert.Equal(data.Length, read.ContentLength);
        Assert.True(data.AsSpan().SequenceEqual(copy.ToArray()), "the object differs from what was uploaded");
        Assert.DoesNotContain("aws-chunked", read.Headers.ContentEncoding ?? "");
    }

    [Fact]
    public async Task Only_the_generated_key_gets_in_the_default_s3rver_key_and_anonymous_requests_are_refused()
    {
        await using var stack = NewStack();
        stack.Builder.AddMinio("storage").AddBucket("private-data");
        await stack.StartAsync();
        var settings = Parse((await stack.App.GetConnectionStringAsync("private-data"))!);
        Assert.NotEqual("S3RVER", settings["AccessKey"]);

        using var withDefaultKey = Client(new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase) { ["AccessKey"] = "S3RVER", ["SecretKey"] = "S3RVER" });
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => withDefaultKey.ListBucketsAsync());
        Assert.Equal("InvalidAccessKeyId", refused.ErrorCode);

        using var http = new HttpClient();
        var anonymous = await http.GetAsync($"{settings["Endpoint"]}/private-data");
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        // MinIO's liveness path answers the same locally as in the published probe.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{settings["Endpoint"]}/minio/health/live")).StatusCode);
    }

    [Fact]
    public async Task Boto3_works_with_the_generated_key_and_not_with_the_default_one()
    {
        await using var stack = NewStack();
        stack.Builder.AddMinio("storage").AddBucket("reports");
        await stack.StartAsync();
        var settings = Parse((await stack.App.GetConnectionStringAsync("reports"))!);

        const string script = """
            import os, sys, boto3, botocore
            def client(key, secret):
                return boto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT'], aws_access_key_id=key, aws_secret_access_key=secret,
                                    region_name='us-east-1', config=botocore.config.Config(s3={'addressing_style': 'path'}))
            s3 = client(os.environ['S3_KEY'], os.environ['S3_SECRET'])
            s3.put_object(Bucket='reports', Key='from-python.txt', Body=b'boto3 was here')
            print(s3.get_object(Bucket='reports', Key='from-python.txt')['Body'].read().decode())
            try:
                client('S3RVER', 'S3RVER').list_buckets()
                print('default key accepted')
            except botocore.exceptions.ClientError as e:
                print('default key refused:', e.response['Error']['Code'])
            """;
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["S3_ENDPOINT"] = settings["Endpoint"];
        start.Environment["S3_KEY"] = settings["AccessKey"];
        start.Environment["S3_SECRET"] = settings["SecretKey"];
        using var python = Process.Start(start)!;
        var stdout = await python.StandardOutput.ReadToEndAsync();
        var stderr = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        Assert.True(python.ExitCode == 0, stderr);
        Assert.Equal(["boto3 was here", "default key refused: InvalidAccessKeyId"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Objects_in_a_data_volume_outlive_the_stack_and_the_next_one_sees_them()
    {
        var state = Directory.CreateTempSubdirectory("orch-minio-state-").FullName;
        try
        {
            await using (var first = NewStack(state))
            {
                first.Builder.AddMinio("storage").WithDataVolume().AddBucket("keep");
                await first.StartAsync();
                using var s3 = Client(Parse((await first.App.GetConnectionStringAsync("keep"))!));
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "keep", Key = "kept.txt", ContentBody = "still here" });
            }

            await using var second = NewStack(state);
            second.Builder.AddMinio("storage").WithDataVolume().AddBucket("keep");
            await second.StartAsync();
            using var again = Client(Parse((await second.App.GetConnectionStringAsync("keep"))!));
            using var read = await again.GetObjectAsync("keep", "kept.txt");
            Assert.Equal("still here", await new StreamReader(read.ResponseStream).ReadToEndAsync());
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task The_console_and_the_environment_say_which_server_runs_and_nothing_is_left_after_dispose()
    {
        int pid;
        string description;
        var console = new List<string>();
        await using (var stack = NewStack())
        {
            stack.Builder.AddMinio("storage");
            await stack.StartAsync();
            pid = stack.Pid("storage")!.Value;
            description = File.ReadAllText($"/proc/{pid}/environ").Split('\0').Single(v => v.StartsWith("ORCHESTRATION_S3_SERVER=", StringComparison.Ordinal));
            await stack.WaitForLineAsync("storage", l => l.Contains("loopback development server", StringComparison.Ordinal));
            console.AddRange(stack.Lines("storage"));
            Assert.True(ProcessProbe.GroupAlive(pid));
            // No minio binary on PATH: the pinned s3rver runs, and both its environment and its first line say what it is.
            if (description != "ORCHESTRATION_S3_SERVER=minio")
            {
                Assert.Contains("not SigV4 signatures", description);
                Assert.Contains(console, l => l.Contains("loopback development server", StringComparison.Ordinal));
            }
            else
            {
                Assert.Equal("ORCHESTRATION_S3_SERVER=minio", description);
            }
        }
        Assert.False(ProcessProbe.GroupAlive(pid), $"process group {pid} outlived the stack");
    }

    [Fact]
    public async Task An_invalid_bucket_name_is_refused_by_validation()
    {
        await using var stack = new IntegrationStack(output);
        stack.Builder.AddMinio("storage").AddBucket("up", bucketName: "Up_Loads");

        var problems = await stack.StartRejectedAsync();

        Assert.Contains("Bucket name 'Up_Loads' is invalid", Assert.Single(problems));
    }

    private static Dictionary<string, string> Parse(string connectionString)
    {
        var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return parsed.Keys.Cast<string>().ToDictionary(k => k, k => (string)parsed[k], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>What a service does with the connection string: the SDK's defaults (chunked, checksummed uploads) and path-style requests.</summary>
    private static AmazonS3Client Client(IReadOnlyDictionary<string, string> settings) => new(
        new BasicAWSCredentials(settings["AccessKey"], settings["SecretKey"]),
        new AmazonS3Config
        {
            ServiceURL = settings["Endpoint"],
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        });
}
