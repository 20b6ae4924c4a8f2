using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Orchestration.Dashboard.Tests;

/// <summary>
/// What the resources and console pages use, for an Aspire AppHost (<c>UseNativeRuntime().AddDashboard()</c>):
/// environments with secrets masked, commands behind the CSRF header, live streams.
/// </summary>
public sealed class ResourcePagesApiTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("orch-dashboard-pages-").FullName;
    private AspireDashboardAppHost _host = null!;
    private HttpClient _api = null!;
    private string _otlpApiKey = null!;

    public async Task InitializeAsync()
    {
        _host = new AspireDashboardAppHost(_dir);
        var builder = _host.Builder;
        builder.AddDashboard();
        var password = builder.AddParameter("sleeper-password", "hunter2-secret", secret: true);
        var level = builder.AddParameter("sleeper-level", "verbose");
        builder.AddExecutable("sleeper", "python3", _dir, "-u", "-c", "import time\nprint('\\x1b[32mready\\x1b[0m')\ntime.sleep(120)")
            .WithEnvironment("SLEEPER_PASSWORD", password)
            .WithEnvironment("SLEEPER_LEVEL", level)
            .WithEnvironment("PLAIN", "visible");
        await _host.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _host.App.ResourceNotifications.WaitForResourceAsync("sleeper", KnownResourceStates.Running, timeout.Token);
        _api = _host.CreateApiClient();
        // The key every process is given; the page must never show it unasked.
        var revealed = await EnvironmentAsync("?secrets=true");
        _otlpApiKey = revealed["OTEL_EXPORTER_OTLP_HEADERS"].GetProperty("value").GetString()!.Split('=', 2)[1];
    }

    private async Task<Dictionary<string, JsonElement>> EnvironmentAsync(string query = "")
    {
        var json = JsonDocument.Parse(await _api.GetStringAsync($"/api/resources/sleeper/environment{query}")).RootElement;
        return json.EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
    }

    [Fact]
    public async Task The_environment_masks_values_of_secret_parameters_until_asked_for()
    {
        var raw = await _api.GetStringAsync("/api/resources/sleeper/environment");
        var env = await EnvironmentAsync();

        Assert.DoesNotContain("hunter2-secret", raw);
        Assert.DoesNotContain(_otlpApiKey, raw);
        Assert.True(env["SLEEPER_PASSWORD"].GetProperty("secret").GetBoolean());
        Assert.False(env["SLEEPER_PASSWORD"].TryGetProperty("value", out _));
        Assert.True(env["OTEL_EXPORTER_OTLP_HEADERS"].GetProperty("secret").GetBoolean());
        Assert.False(env["SLEEPER_LEVEL"].GetProperty("secret").GetBoolean()); // a parameter, but not a secret one
        Assert.Equal("verbose", env["SLEEPER_LEVEL"].GetProperty("value").GetString());
        Assert.Equal("visible", env["PLAIN"].GetProperty("value").GetString());
        Assert.Equal("sleeper", env["OTEL_SERVICE_NAME"].GetProperty("value").GetString());

        var revealed = await EnvironmentAsync("?secrets=true");
        Assert.Equal("hunter2-secret", revealed["SLEEPER_PASSWORD"].GetProperty("value").GetString());
        Assert.True(revealed["SLEEPER_PASSWORD"].GetProperty("secret").GetBoolean());

        using var unknown = await _api.GetAsync("/api/resources/nobody/environment");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var anonymous = new HttpClient { BaseAddress = _host.Login.Url };
        using var refused = await anonymous.GetAsync("/api/resources/sleeper/environment?secrets=true");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Commands_need_the_CSRF_header_and_the_resource_stream_shows_their_effect()
    {
        using var events = new ServerSentEventReader(_api, "/api/events/resources");
        var first = await events.NextBatchAsync();
        Assert.Contains(first.EnumerateArray(), r => r.GetProperty("name").GetString() == "sleeper" && r.GetProperty("state").GetString() == "Running");

        using var forged = await _api.PostAsync("/api/resources/sleeper/stop", null);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using var otherOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/resources/sleeper/stop");
        otherOrigin.Headers.Add("X-Dashboard-Request", "1");
        otherOrigin.Headers.Add("Origin", "http://evil.example");
        using (var refused = await _api.SendAsync(otherOrigin)) Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Running", (await AspireDashboardAppHost.ResourcesAsync(_api))["sleeper"].GetProperty("state").GetString());

        using var stop = new HttpRequestMessage(HttpMethod.Post, "/api/resources/sleeper/stop");
        stop.Headers.Add("X-Dashboard-Request", "1");
        using (var stopped = await _api.SendAsync(stop)) Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);

        // The stream delivers the change without asking again.
        while (true)
        {
            var batch = await events.NextBatchAsync();
            if (batch.EnumerateArray().Any(r => r.GetProperty("name").GetString() == "sleeper" && r.GetProperty("state").GetString() == "Exited")) break;
        }

        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/resources/sleeper/start");
        start.Headers.Add("X-Dashboard-Request", "1");
        using (var started = await _api.SendAsync(start)) Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        await AspireDashboardAppHost.WaitForStateAsync(_api, "sleeper", "Running");

        using var bogus = new HttpRequestMessage(HttpMethod.Post, "/api/resources/sleeper/explode");
        bogus.Headers.Add("X-Dashboard-Request", "1");
        using (var notACommand = await _api.SendAsync(bogus)) Assert.Equal(HttpStatusCode.NotFound, notACommand.StatusCode);
    }

    [Fact]
    public async Task The_console_stream_sends_the_kept_lines_with_their_ANSI_codes()
    {
        using var events = new ServerSentEventReader(_api, "/api/events/console?resource=sleeper");
        var batch = await events.NextBatchAsync();
        var line = Assert.Single(batch.EnumerateArray(), l => l.GetProperty("text").GetString()!.Contains("ready"));
        Assert.Equal("\u001b[32mready\u001b[0m", line.GetProperty("text").GetString());
        Assert.Equal("sleeper", line.GetProperty("resource").GetString());
    }

    [Fact]
    public async Task The_pages_are_served_with_a_strict_content_security_policy()
    {
        using var page = await _api.GetAsync("/");
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"/js/app.js\">", html);
        using var script = await _api.GetAsync("/js/pages/traces.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType!.MediaType);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        await _host.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
