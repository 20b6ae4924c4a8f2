using System.Net;
using Orchestration.Hosting.Testing;
using Xunit.Abstractions;

namespace Orchestration.Stack.Tests;

/// <summary>One stack for the bad-input tests, with a state folder of its own so the S3 server's data folder can be measured.</summary>
public sealed class BadInputStack : IAsyncLifetime
{
    public string State { get; } = Directory.CreateTempSubdirectory("orch-bad-input-").FullName;
    public TestingApplication App { get; private set; } = null!;

    /// <summary>The minio resource's data volumes: <c>minio-data</c> for MinIO, <c>minio-data-s3rver</c> for s3rver.</summary>
    public IEnumerable<string> S3DataFolders => Directory.EnumerateDirectories(Path.Combine(State, "volumes"), "minio-data*");

    public async Task InitializeAsync() => App = await Stack.StartAsync(new NullOutput(), o => o.StateDirectory = State);

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(State, recursive: true);
    }

    private sealed class NullOutput : ITestOutputHelper
    {
        public void WriteLine(string message) { }
        public void WriteLine(string format, params object[] args) { }
    }
}

/// <summary>Bad input gets a 400 or 413 problem, and leaves nothing behind: no object, no row, no forged log line.</summary>
public sealed class BadInputTests(BadInputStack stack, ITestOutputHelper output) : IClassFixture<BadInputStack>
{
    [Theory]
    [InlineData("nul\0name.txt")]
    [InlineData("tab\tname.txt")]
    [InlineData("escape\u001b[31mred.txt")]
    [InlineData("line\u2028separator.txt")]
    public async Task A_name_with_control_characters_is_refused_with_400_and_nothing_stored(string name)
    {
        using var gateway = stack.App.CreateHttpClient("gateway");

        using var response = await gateway.PostAsync($"/api/documents?name={Uri.EscapeDataString(name)}", new StringContent("body\n"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await AcceptedWork.ObjectsWithoutRowAsync(stack.App));
    }

    [Theory]
    [InlineData("%%%;;;")]
    [InlineData("text/")]
    [InlineData("no-slash")]
    public async Task A_malformed_content_type_is_refused_with_400_and_nothing_stored(string contentType)
    {
        using var gateway = stack.App.CreateHttpClient("gateway");
        var content = new ByteArrayContent("body\n"u8.ToArray());
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));

        using var response = await gateway.PostAsync("/api/documents?name=typed.txt", content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await AcceptedWork.ObjectsWithoutRowAsync(stack.App));
    }

    [Fact]
    public async Task A_name_cannot_forge_a_line_on_the_console()
    {
        using var gateway = stack.App.CreateHttpClient("gateway");
        const string forged = "2099-01-01 INJECTED by a document name";

        using var response = await gateway.PostAsync($"/api/documents?name={Uri.EscapeDataString($"x.txt\r\n{forged}")}", new StringContent("body\n"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        await Task.Delay(500); // the api's console output reaches the AppHost asynchronously
        var api = stack.App.ResourceNotifications.GetReplicas("api").Single().Name;
        Assert.DoesNotContain(stack.App.Application.ResourceLogs.GetLines(api), line => line.Text.StartsWith(forged, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_over_limit_chunked_upload_is_refused_with_413_and_leaves_no_bytes_in_the_S3_server()
    {
        using var gateway = stack.App.CreateHttpClient("gateway");
        gateway.Timeout = TimeSpan.FromMinutes(2);
        await Stack.UploadAsync(gateway, "small.txt", new StringContent("the bucket holds something\n"));
        var before = FolderBytes(stack.S3DataFolders);
        Assert.True(before > 0, "no S3 data folder with bytes found: is the test looking in the right place?");

        // No Content-Length: the api only learns the size by reading, as with any chunked upload.
        var content = new StreamContent(new PatternStream(100L * 1024 * 1024 + 1));
        int status;
        try
        {
            using var response = await gateway.PostAsync("/api/documents?name=too-big.bin", content);
            status = (int)response.StatusCode;
            output.WriteLine($"{status}: {await response.Content.ReadAsStringAsync()}");
        }
        catch (HttpRequestException ex)
        {
            // The server may answer 413 and close before the whole body is sent; HttpClient then reports the reset.
            output.WriteLine($"no answer read: {ex.Message}");
            status = 413;
        }

        Assert.Equal(413, status);
        await Task.Delay(1000); // anything the S3 server was still writing has landed
        var after = FolderBytes(stack.S3DataFolders);
        output.WriteLine($"S3 data folder: {before} bytes before, {after} after");
        Assert.True(after - before < 64 * 1024, $"the S3 server's folder grew by {after - before} bytes");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"status\":{(int)expected}", body);
    }

    private static long FolderBytes(IEnumerable<string> folders) =>
        folders.Sum(folder => new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => { try { return f.Length; } catch (IOException) { return 0; } }));

    /// <summary>A non-seekable body of a given length, made on the fly (no 100 MB array).</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++) buffer[offset + i] = (byte)('a' + (_position + i) % 26);
            _position += n;
            return n;
        }
    }
}
