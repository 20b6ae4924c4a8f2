using System.Net;
using System.Net.Http.Headers;

namespace Orchestration.Dashboard.Tests;

/// <summary>Who gets in: the token (bearer or login cookie) for the pages and API, the API key for OTLP.</summary>
public sealed class AuthTests
{
    [Theory]
    [InlineData("/api/resources")]
    [InlineData("/api/telemetry/traces")]
    [InlineData("/api/telemetry/logs")]
    [InlineData("/api/telemetry/metrics")]
    [InlineData("/")]
    public async Task Without_the_token_the_dashboard_answers_401(string path)
    {
        await using var dashboard = await TestDashboard.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = dashboard.Server.Url };
        using var wrong = new HttpClient { BaseAddress = dashboard.Server.Url };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dashboard.Api.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_login_link_sets_an_HttpOnly_SameSite_Strict_cookie_that_opens_pages_and_API()
    {
        await using var dashboard = await TestDashboard.StartAsync();
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = dashboard.Server.Url };

        using var login = await browser.GetAsync(dashboard.Server.LoginUrl.PathAndQuery);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(dashboard.Server.BrowserToken, setCookie);

        using var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orchestration dashboard", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/resources")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_login_token_gets_401_and_no_cookie()
    {
        await using var dashboard = await TestDashboard.StartAsync();
        using var browser = new HttpClient { BaseAddress = dashboard.Server.Url };

        using var login = await browser.GetAsync("/login?t=guess");

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.False(login.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Each_run_has_its_own_random_token_and_key()
    {
        await using var one = await TestDashboard.StartAsync();
        await using var two = await TestDashboard.StartAsync();

        Assert.NotEqual(one.Server.BrowserToken, two.Server.BrowserToken);
        Assert.NotEqual(one.Server.OtlpApiKey, two.Server.OtlpApiKey);
        Assert.NotEqual(one.Server.BrowserToken, one.Server.OtlpApiKey);
        Assert.True(one.Server.BrowserToken.Length >= 32);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task OTLP_over_HTTP_without_the_right_key_gets_401(string? key)
    {
        await using var dashboard = await TestDashboard.StartAsync();
        using var sender = new HttpClient { BaseAddress = dashboard.Server.OtlpHttpUrl };
        if (key is not null) sender.DefaultRequestHeaders.Add("x-otlp-api-key", key);

        using var response = await sender.PostAsync("/v1/logs", new StringContent("{}", new MediaTypeHeaderValue("application/json")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Unsecured_needs_neither_token_nor_key()
    {
        await using var dashboard = await TestDashboard.StartAsync(o => o.Unsecured = true);
        using var anonymous = new HttpClient { BaseAddress = dashboard.Server.Url };
        using var sender = new HttpClient { BaseAddress = dashboard.Server.OtlpHttpUrl };

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/resources")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sender.PostAsync("/v1/logs", new StringContent("{}", new MediaTypeHeaderValue("application/json")))).StatusCode);
        Assert.Equal(dashboard.Server.Url, dashboard.Server.LoginUrl);
    }

    [Fact]
    public async Task It_listens_on_loopback_only()
    {
        await using var dashboard = await TestDashboard.StartAsync();

        Assert.Equal("127.0.0.1", dashboard.Server.Url.Host);
        Assert.Equal("127.0.0.1", dashboard.Server.OtlpGrpcUrl.Host);
        Assert.Equal("127.0.0.1", dashboard.Server.OtlpHttpUrl.Host);
        var listening = System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners()
            .Where(l => l.Port == dashboard.Server.Url.Port).ToList();
        Assert.NotEmpty(listening);
        Assert.All(listening, l => Assert.True(IPAddress.IsLoopback(l.Address), $"listening on {l}"));
    }
}
