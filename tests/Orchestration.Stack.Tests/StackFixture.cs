using Orchestration.Tests.Shared;
using Orchestration.Hosting;
using Orchestration.Hosting.Testing;
using Xunit.Abstractions;

namespace Orchestration.Stack.Tests;

/// <summary>Helpers shared by the whole-stack tests.</summary>
internal static class Stack
{
    /// <summary>Starts AppHost/Program.cs's model with its output in the test log.</summary>
    public static Task<TestingApplication> StartAsync(ITestOutputHelper output, Action<DistributedApplicationOptions>? configure = null)
        => DistributedApplicationTestingBuilder.StartAsync<Program>(o =>
        {
            o.Output = new TestOutputWriter(output);
            o.WaitTimeout = TimeSpan.FromSeconds(90);
            configure?.Invoke(o);
        }, cancellationToken: new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);

    /// <summary>Uploads through the gateway; returns the document id.</summary>
    public static async Task<string> UploadAsync(HttpClient gateway, string name, HttpContent content)
    {
        using var response = await gateway.PostAsync($"/api/documents?name={Uri.EscapeDataString(name)}", content);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the document until the worker has processed it.</summary>
    public static async Task<System.Text.Json.JsonElement> WaitProcessedAsync(HttpClient gateway, string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var json = System.Text.Json.JsonDocument.Parse(await gateway.GetStringAsync($"/api/documents/{id}")).RootElement;
            if (json.GetProperty("status").GetString() == "processed") return json;
            if (DateTime.UtcNow > deadline) Assert.Fail($"document {id} not processed in time: {json}");
            await Task.Delay(100);
        }
    }
}
