using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;

namespace Orchestration.Dashboard.Tests;

/// <summary>A dashboard on free loopback ports, with clients for its API and its OTLP/HTTP receiver.</summary>
internal sealed class TestDashboard : IAsyncDisposable
{
    private TestDashboard(DashboardServer server)
    {
        Server = server;
        Api = new HttpClient { BaseAddress = server.Url };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.BrowserToken);
        Otlp = new HttpClient { BaseAddress = server.OtlpHttpUrl };
        Otlp.DefaultRequestHeaders.Add("x-otlp-api-key", server.OtlpApiKey);
    }

    public DashboardServer Server { get; }

    /// <summary>The JSON API, with the bearer token.</summary>
    public HttpClient Api { get; }

    /// <summary>OTLP/HTTP, with the API key.</summary>
    public HttpClient Otlp { get; }

    public static async Task<TestDashboard> StartAsync(Action<DashboardOptions>? configure = null)
    {
        var options = new DashboardOptions { Port = 0, OtlpGrpcPort = 0, OtlpHttpPort = 0 };
        configure?.Invoke(options);
        var server = new DashboardServer(options);
        await server.StartAsync();
        return new TestDashboard(server);
    }

    /// <summary>Posts an OTLP request as protobuf.</summary>
    public Task<HttpResponseMessage> PostProtobufAsync(string signal, IMessage request)
    {
        var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return Otlp.PostAsync($"/v1/{signal}", content);
    }

    /// <summary>Posts an OTLP/JSON body.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string signal, string json)
        => Otlp.PostAsync($"/v1/{signal}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>GETs an API path and parses the JSON answer (failing on anything but 200).</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls an API path until <paramref name="done"/> holds (exporters send in the background).</summary>
    public async Task<JsonElement> WaitForJsonAsync(string path, Func<JsonElement, bool> done, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var json = await GetJsonAsync(path);
            if (done(json)) return json;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{path} never satisfied the condition; last answer: {json}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Otlp.Dispose();
        await Server.DisposeAsync();
    }
}
