extern alias AppHost;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orchestration.Hosting.Testing;
using Xunit.Abstractions;

namespace Orchestration.Dashboard.Tests;

/// <summary>
/// Every page in a real browser (Debian's chromium through Playwright) against the running sample
/// stack after a few uploads through the gateway. Screenshots go to TestResults/screenshots/.
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output)
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [Fact]
    public async Task Every_page_opens_and_the_traces_page_shows_the_api_calling_Postgres_Redis_and_S3()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var shots = Directory.CreateDirectory(Path.Combine(RepositoryRoot(), "TestResults", "screenshots")).FullName;
        output.WriteLine($"Screenshots: {shots}");

        await using var app = await DistributedApplicationTestingBuilder.StartAsync<AppHost::Program>(o =>
        {
            o.Output = new TestOutputWriter(output);
            o.WaitTimeout = TimeSpan.FromSeconds(90);
        }, args: ["--Dashboard:FastExport=true"], // metrics every second, not the SDK's 60 s
        cancellationToken: new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        var dashboard = app.Application.Services.GetRequiredService<DashboardServer>();

        using var gateway = app.CreateHttpClient("gateway");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await UploadAsync(gateway, $"notes-{i}.txt", string.Concat(Enumerable.Range(1, 200 * (i + 1)).Select(n => $"line {n}\n"))));
        var traceId = await WaitForUploadTraceAsync(dashboard);
        output.WriteLine($"Upload trace: {traceId}");

        // The driver (a node process) and the browser both end with the test.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ChromiumArgs, Headless = true });
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add($"{m.Text} ({m.Location})"); };
        page.PageError += (_, e) => problems.Add(e);

        await page.GotoAsync(dashboard.LoginUrl.ToString());
        Assert.EndsWith("/", page.Url.Split('#')[0]);

        // Resources: live states, endpoints as links, the details panel with secrets masked.
        await Expect(page.Locator("#resources tbody tr[data-name=api]")).ToContainTextAsync("Running");
        await Expect(page.Locator("#resources tbody tr[data-name=gateway] a")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^http://127.0.0.1:"));
        await page.Locator("#resources tbody tr[data-name=api]").ClickAsync();
        await Expect(page.Locator("#environment table")).ToContainTextAsync("OTEL_SERVICE_NAME");
        Assert.True(await page.Locator("#environment .masked").CountAsync() > 0, "the api's connection strings hold secret passwords: masked");
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "1-resources.png"), FullPage = true });

        // Startup timeline: a lane per resource, the critical path, the graph.
        await page.GotoAsync(dashboard.Url + "#/timeline");
        await Expect(page.Locator(".lane[data-name=gateway]")).ToBeVisibleAsync();
        Assert.True(await page.Locator(".lane.critical").CountAsync() >= 2);
        Assert.True(await page.Locator("svg.graph .edge.critical").CountAsync() >= 1); // a straight path has no height: "hidden" to Playwright
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "2-timeline.png"), FullPage = true });

        // Console: the tail of all resources.
        await page.GotoAsync(dashboard.Url + "#/console");
        await Expect(page.Locator("#console-output .line").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "3-console.png") });

        // Structured logs: the api's records, a detail with attributes.
        await page.GotoAsync(dashboard.Url + "#/logs?resource=api");
        await Expect(page.Locator("#logs tbody tr").First).ToBeVisibleAsync();
        await page.Locator("#logs tbody tr").First.ClickAsync();
        await Expect(page.Locator("#log-detail h2")).ToContainTextAsync("api");
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "4-logs.png") });

        // Traces: the list, then the upload's waterfall across services.
        await page.GotoAsync(dashboard.Url + "#/traces?resource=api");
        await Expect(page.Locator($"#traces tr[data-trace='{traceId}']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "5-traces.png") });
        await page.Locator($"#traces tr[data-trace='{traceId}'] a").ClickAsync();
        await Expect(page.Locator("#waterfall .span-row").Nth(3)).ToBeVisibleAsync();
        var waterfall = await page.Locator("#waterfall").InnerTextAsync();
        Assert.Contains("S3.", waterfall);
        Assert.Contains("send ", waterfall); // the Redis LPUSH of the job
        await page.Locator("#waterfall .span-row", new() { HasText = "S3." }).First.ClickAsync();
        await Expect(page.Locator("#span-detail")).ToContainTextAsync("Attributes");
        Assert.True(await page.Locator("#trace-logs-link").IsVisibleAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "6-trace-waterfall.png"), FullPage = true });

        // Metrics: the api's instruments and a chart.
        await page.GotoAsync(dashboard.Url + "#/metrics?resource=api&name=http.server.request.duration");
        await Expect(page.Locator("#instruments li").First).ToBeVisibleAsync();
        await Expect(page.Locator("#metric-view svg.chart").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "7-metrics.png"), FullPage = true });

        Assert.True(problems.Count == 0, "browser errors:\n" + string.Join("\n", problems));
        await context.CloseAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static async Task<string> UploadAsync(HttpClient gateway, string name, string text)
    {
        using var response = await gateway.PostAsync($"/api/documents?name={Uri.EscapeDataString(name)}", new StringContent(text));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Waits until an upload's trace has arrived whole: the api's request with Postgres, Redis and S3 child spans.</summary>
    private async Task<string> WaitForUploadTraceAsync(DashboardServer dashboard)
    {
        using var api = new HttpClient { BaseAddress = dashboard.Url };
        api.DefaultRequestHeaders.Authorization = new("Bearer", dashboard.BrowserToken);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var traces = JsonDocument.Parse(await api.GetStringAsync("/api/telemetry/traces?resource=api&text=S3.")).RootElement;
            foreach (var trace in traces.EnumerateArray())
            {
                var spans = trace.GetProperty("spans").EnumerateArray().ToList();
                bool Has(Func<JsonElement, bool> p) => spans.Any(p);
                var postgres = Has(s => s.GetProperty("scope").GetString()!.StartsWith("Npgsql", StringComparison.Ordinal));
                var redis = Has(s => s.GetProperty("name").GetString()!.StartsWith("send ", StringComparison.Ordinal));
                var s3 = Has(s => s.GetProperty("name").GetString()!.StartsWith("S3.", StringComparison.Ordinal));
                if (postgres && redis && s3) return trace.GetProperty("traceId").GetString()!;
            }
            if (DateTime.UtcNow > deadline) Assert.Fail("No upload trace with Postgres, Redis and S3 spans: " + traces.GetRawText()[..Math.Min(4000, traces.GetRawText().Length)]);
            await Task.Delay(250);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestration.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    /// <summary>The stack's output, line by line, in the test log.</summary>
    private sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value != '\n') { _line.Append(value); return; }
                try { output.WriteLine(_line.ToString()); } catch (InvalidOperationException) { }
                _line.Clear();
            }
        }
    }
}
