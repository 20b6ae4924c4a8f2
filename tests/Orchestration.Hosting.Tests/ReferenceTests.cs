using System.Text.Json;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

/// <summary>
/// What a real process receives: the environment and arguments its references, endpoints and
/// WithEnvironment/WithArgs calls produce, resolved to the ports this run actually gave out.
/// </summary>
public sealed class ReferenceTests(ITestOutputHelper output)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task A_process_receives_references_endpoints_environment_and_arguments()
    {
        await using var stack = new TestStack(output);
        var dump = Path.Combine(stack.Directory, "web-env.json");
        stack.Builder.Configuration["ConnectionStrings:legacy-db"] = "Host=db.example;Database=app";
        var legacy = stack.Builder.AddConnectionString("legacy-db");
        var greeting = stack.Builder.AddParameter("greeting", "hello");
        var api = stack.Service("api").WithReplicas(2);
        stack.Service("web", "--dump-env", dump)
            .WithReference(api)
            .WithReference(legacy)
            .WithEnvironment("LOG_LEVEL", "debug")
            .WithEnvironment("API_V1", $"{api.GetEndpoint("http")}/v1")
            .WithEnvironment("GREETING", greeting)
            .WithEnvironment(ctx => ctx.EnvironmentVariables["CALLBACK_FOR"] = ctx.Resource.Name)
            // testsvc.py ignores --state unless asked to fail runs: a harmless slot for a resolved argument.
            .WithArgs("--state", api.GetEndpoint("http").Property(EndpointProperty.Port));

        await stack.StartAsync();
        var env = ReadDump(dump);

        var notifications = stack.App.ResourceNotifications;
        var api0 = HttpUrl(notifications.Get("api-0")!);
        var api1 = HttpUrl(notifications.Get("api-1")!);
        var web = HttpUrl(notifications.Get("web")!);
        Assert.NotEqual(api0.Port, api1.Port);
        Assert.All([api0, api1, web], u => Assert.Equal("127.0.0.1", u.Host));

        // Service discovery lists every replica; the URL variable names the first.
        Assert.Equal(api0.ToString().TrimEnd('/'), env["services__api__http__0"]);
        Assert.Equal(api1.ToString().TrimEnd('/'), env["services__api__http__1"]);
        Assert.False(env.ContainsKey("services__api__http__2"));
        Assert.Equal(env["services__api__http__0"], env["API_HTTP"]);
        Assert.Equal("Host=db.example;Database=app", env["ConnectionStrings__legacy-db"]);
        // Its own endpoint arrives as the variable it asked for.
        Assert.Equal(web.Port.ToString(), env["PORT"]);

        Assert.Equal("debug", env["LOG_LEVEL"]);
        Assert.Equal($"{env["API_HTTP"]}/v1", env["API_V1"]);
        Assert.Equal("hello", env["GREETING"]);
        Assert.Equal("web", env["CALLBACK_FOR"]);
        Assert.Equal(["--state", api0.Port.ToString()], ReadArgs(dump)[^2..]);

        // The addresses handed out are the ones the replicas really serve on.
        Assert.Equal("api", await Http.GetStringAsync(new Uri(api0, "/")));
        Assert.Equal("api", await Http.GetStringAsync(new Uri(api1, "/")));
    }

    [Fact]
    public async Task Referencing_one_endpoint_passes_only_that_endpoint()
    {
        await using var stack = new TestStack(output);
        var dump = Path.Combine(stack.Directory, "web-env.json");
        var api = stack.Service("api").WithHttpEndpoint(name: "admin");
        stack.Service("web", "--dump-env", dump).WithReference(api.GetEndpoint("admin"));

        await stack.StartAsync();
        var env = ReadDump(dump);

        var admin = stack.App.ResourceNotifications.Get("api")!.Endpoints.Single(e => e.Name == "admin").Url;
        Assert.Equal(admin, env["services__api__admin__0"]);
        Assert.Equal(admin, env["API_ADMIN"]);
        Assert.False(env.ContainsKey("services__api__http__0"));
        Assert.False(env.ContainsKey("API_HTTP"));
    }

    private static Uri HttpUrl(ResourceSnapshot snapshot) => new(snapshot.Endpoints.Single(e => e.Name == "http").Url);

    /// <summary>The environment testsvc.py saw, without its argv entry.</summary>
    private static Dictionary<string, string> ReadDump(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.String)
            .ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    private static string[] ReadArgs(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return [.. json.RootElement.GetProperty("__argv__").EnumerateArray().Select(a => a.GetString()!)];
    }
}
