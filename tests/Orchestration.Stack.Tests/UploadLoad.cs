using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Orchestration.Stack.Tests;

/// <summary>One upload as the client saw it: what it sent (its sha256) and what the gateway answered (0: no answer).</summary>
internal sealed record UploadOutcome(string Sha256, int Status, string? Id, string? Error, bool RetryAfter = false)
{
    public bool Accepted => Status is >= 200 and < 300;
}

/// <summary>
/// Uploads of random files with a known sha256 through the gateway, a few at a time, as a demanding user
/// would: each is tried once and its answer kept, whatever it is, so a test can inject a fault mid-way and
/// then check what became of every accepted upload.
/// </summary>
internal sealed class UploadLoad(HttpClient gateway, int count, int concurrency)
{
    private int _answered;

    /// <summary>Uploads answered so far (any answer, errors included).</summary>
    public int Answered => Volatile.Read(ref _answered);

    public async Task<IReadOnlyList<UploadOutcome>> RunAsync()
    {
        var outcomes = new UploadOutcome[count];
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                outcomes[i] = await UploadOneAsync(i);
                Interlocked.Increment(ref _answered);
            }
        });
        await Task.WhenAll(workers);
        return outcomes;
    }

    /// <summary>Returns once <paramref name="answered"/> uploads were answered (bounded by <paramref name="timeout"/>).</summary>
    public async Task WaitAnsweredAsync(int answered, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Answered < answered && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.True(Answered >= answered, $"only {Answered} uploads answered in {timeout}");
    }

    private async Task<UploadOutcome> UploadOneAsync(int index)
    {
        // 1 KiB to 256 KiB: many uploads in flight at any moment, each quick to digest.
        var bytes = new byte[Random.Shared.Next(1024, 256 * 1024)];
        Random.Shared.NextBytes(bytes);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        try
        {
            using var response = await gateway.PostAsync($"/api/documents?name=load-{index}.bin", new ByteArrayContent(bytes));
            var body = await response.Content.ReadAsStringAsync();
            string? id = null;
            if (response.StatusCode == HttpStatusCode.Created)
            {
                using var json = JsonDocument.Parse(body);
                id = json.RootElement.GetProperty("id").GetString();
            }
            return new UploadOutcome(sha256, (int)response.StatusCode, id, response.IsSuccessStatusCode ? null : body, response.Headers.RetryAfter is not null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return new UploadOutcome(sha256, 0, null, ex.Message);
        }
    }
}
