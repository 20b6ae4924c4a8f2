using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Npgsql;
using Orchestration.Hosting.Testing;
using Xunit.Abstractions;

namespace Orchestration.Stack.Tests;

/// <summary>What became of a load's uploads once the stack recovered: the figures docs/reliability.md reports.</summary>
internal sealed record LoadReport(int Uploads, int Accepted, IReadOnlyDictionary<int, int> Statuses, IReadOnlyList<string> Lost, IReadOnlyList<string> Orphans, int UnavailableWithoutRetryAfter)
{
    public override string ToString() =>
        $"{Uploads} uploads, {Accepted} accepted (2xx); answers: {string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key)} x{s.Value}"))}; " +
        $"accepted but not processed with their sha256: {Lost.Count}; objects without a row: {Orphans.Count}";
}

/// <summary>Checks the promise of the stack: every upload answered 2xx is processed, and no object is stored without its row.</summary>
internal static class AcceptedWork
{
    /// <summary>
    /// Waits up to <paramref name="timeout"/> for every accepted upload to be processed with the sha256 the client
    /// computed, then lists the bucket against the table. Asserts nothing, so a failing run still reports its figures.
    /// </summary>
    public static async Task<LoadReport> CheckAsync(TestingApplication app, IReadOnlyList<UploadOutcome> outcomes, TimeSpan timeout, ITestOutputHelper output)
    {
        using var gateway = app.CreateHttpClient("gateway");
        gateway.Timeout = TimeSpan.FromSeconds(10);
        var pending = outcomes.Where(o => o.Accepted).ToDictionary(o => o.Id!, o => o.Sha256);
        var wrong = new Dictionary<string, string>();
        var deadline = DateTime.UtcNow + timeout;
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var (id, sha256) in pending.ToList())
            {
                var document = await TryGetAsync(gateway, id);
                if (document is not { } json || json.GetProperty("status").GetString() == "queued") continue;
                pending.Remove(id);
                var status = json.GetProperty("status").GetString();
                var actual = json.TryGetProperty("sha256", out var digest) ? digest.GetString() : null;
                if (status != "processed" || actual != sha256) wrong[id] = $"{status} sha256={actual} expected {sha256}";
            }
            if (pending.Count > 0) await Task.Delay(250);
        }
        foreach (var (id, _) in pending) output.WriteLine($"lost: {id} still queued after {timeout.TotalSeconds:0} s");
        foreach (var (id, why) in wrong) output.WriteLine($"lost: {id} {why}");

        var orphans = await ObjectsWithoutRowAsync(app);
        foreach (var key in orphans) output.WriteLine($"orphan object: {key}");

        var report = new LoadReport(
            outcomes.Count,
            outcomes.Count(o => o.Accepted),
            outcomes.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count()),
            [.. pending.Keys, .. wrong.Keys],
            orphans,
            outcomes.Count(o => o.Status == 503 && !o.RetryAfter));
        output.WriteLine($"FIGURES: {report}");
        foreach (var error in outcomes.Where(o => o.Status >= 500).Select(o => o.Error).Distinct().Take(5))
            output.WriteLine($"a 5xx answer: {error}");
        return report;
    }

    /// <summary>Asserts the promise: no 500, every accepted upload processed, no object without a row.</summary>
    public static void AssertKept(LoadReport report)
    {
        Assert.False(report.Statuses.ContainsKey(500), $"500 answers: {report}");
        Assert.True(report.Lost.Count == 0, $"accepted uploads lost: {report}");
        Assert.True(report.Orphans.Count == 0, $"objects without a row: {report}");
        Assert.True(report.UnavailableWithoutRetryAfter == 0, $"{report.UnavailableWithoutRetryAfter} answers 503 without Retry-After: {report}");
    }

    /// <summary>The bucket's keys that no <c>documents</c> row points at.</summary>
    public static async Task<IReadOnlyList<string>> ObjectsWithoutRowAsync(TestingApplication app)
    {
        var s3 = S3Settings.Parse((await app.GetConnectionStringAsync("documents"))!);
        using var client = new AmazonS3Client(s3.AccessKey, s3.SecretKey, new AmazonS3Config { ServiceURL = s3.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = s3.Bucket };
        for (var page = 0; page < 1000; page++)
        {
            var response = await client.ListObjectsV2Async(request);
            keys.AddRange((response.S3Objects ?? []).Select(o => o.Key));
            if (response.IsTruncated != true) break;
            request.ContinuationToken = response.NextContinuationToken;
        }

        await using var db = new NpgsqlConnection(await app.GetConnectionStringAsync("app"));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT object_key FROM documents", db);
        var rows = new HashSet<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return [.. keys.Where(k => !rows.Contains(k))];
    }

    private static async Task<JsonElement?> TryGetAsync(HttpClient gateway, string id)
    {
        try
        {
            using var response = await gateway.GetAsync($"/api/documents/{id}");
            if (!response.IsSuccessStatusCode) return null;
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
