using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.NativeRuntime.Running;

namespace Orchestration.Dashboard.Tests;

/// <summary>
/// An AppHost written as users write one — Aspire's builder, <c>UseNativeRuntime()</c>, <c>AddDashboard()</c> —
/// in a temporary folder of its own, on free ports. The dashboard is reached the way a user reaches it: through
/// the login link the AppHost prints.
/// </summary>
internal sealed partial class AspireDashboardAppHost : IAsyncDisposable
{
    private readonly StringWriter _output = new();
    private DistributedApplication? _app;

    public AspireDashboardAppHost(string directory, params string[] args)
    {
        Directory = directory;
        Builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [.. args, $"--Orchestration:StateDirectory={StateDirectory}"],
            // As the AppHost's dotnet run would: its folder is the content root.
            ProjectDirectory = directory,
        }).UseNativeRuntime();
        // What a test host sets (Orchestration.Testing does the same): the console captured, free ports for the
        // resources and the dashboard (so tests run beside a real AppHost and each other), a bounded wait.
        Builder.Services.AddSingleton(new NativeOptionsConfiguration(options =>
        {
            options.Output = TextWriter.Synchronized(_output);
            options.UseColor = false;
            options.RandomizePorts = true;
            options.WaitTimeout = TimeSpan.FromSeconds(30);
        }));
    }

    public string Directory { get; }
    public string StateDirectory => Path.Combine(Directory, "state");
    public IDistributedApplicationBuilder Builder { get; }
    public DistributedApplication App => _app ??= Builder.Build();

    /// <summary>What the AppHost printed so far.</summary>
    public string Output => _output.ToString();

    /// <summary>Starts the model (returns once it settled) and waits until the named one-shot processes have finished.</summary>
    public async Task StartAsync(params string[] finished)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await App.StartAsync(timeout.Token);
        foreach (var name in finished)
            await App.ResourceNotifications.WaitForResourceAsync(name, KnownResourceStates.Finished, timeout.Token);
    }

    /// <summary>The login link the AppHost printed: <c>Dashboard: http://127.0.0.1:port/login?t=token</c>.</summary>
    public (Uri Url, string Token) Login
    {
        get
        {
            var match = LoginLine().Match(Output);
            Assert.True(match.Success, "no login link in:\n" + Output);
            return (new Uri(match.Groups["url"].Value), Uri.UnescapeDataString(match.Groups["token"].Value));
        }
    }

    /// <summary>The dashboard's JSON API as the pages call it, with the token of the login link.</summary>
    public HttpClient CreateApiClient()
    {
        var (url, token) = Login;
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The dashboard's resources, by name, from <c>/api/resources</c>.</summary>
    public static async Task<Dictionary<string, JsonElement>> ResourcesAsync(HttpClient api, string query = "")
        => JsonDocument.Parse(await api.GetStringAsync("/api/resources" + query)).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!);

    /// <summary>Polls <c>/api/resources</c> until the resource shows the state.</summary>
    public static async Task WaitForStateAsync(HttpClient api, string name, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var resources = await ResourcesAsync(api);
            if (resources.TryGetValue(name, out var r) && r.GetProperty("state").GetString() == state) return;
            Assert.True(DateTime.UtcNow < deadline, $"{name} never showed {state}: {JsonSerializer.Serialize(resources)}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _app = null;
    }

    [GeneratedRegex(@"^Dashboard: (?<url>https?://[^/\s]+/)login\?t=(?<token>\S+)$", RegexOptions.Multiline)]
    private static partial Regex LoginLine();
}
