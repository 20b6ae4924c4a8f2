namespace Orchestration.Hosting.Tests;

using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Xunit.Abstractions;

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
        // Replicated, as DCP runs it: each copy on a port of its own, behind the one address Aspire allocated.
        var api = stack.Service("api").WithAnnotation(new ReplicaAnnotation(2));
        stack.Service("web", "--dump-env", dump)
            .WithReference(api.GetEndpoint("http")) // an executable is referenced by its endpoints (a project as a whole)
            .WithReference(legacy)
            .WithEnvironment("LOG_LEVEL", "debug")
            .WithEnvironment("API_V1", ReferenceExpression.Create($"{api.GetEndpoint("http")}/v1"))
            .WithEnvironment("GREETING", greeting)
            .WithEnvironment(ctx => ctx.EnvironmentVariables["CALLBACK_FOR"] = ctx.Resource.Name)
            // testsvc.py ignores --state unless asked to fail runs: a harmless slot for a resolved argument.
            .WithArgs("--state", api.GetEndpoint("http").Property(EndpointProperty.Port));

        await stack.StartAsync();
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("web").WaitAsync(TimeSpan.FromSeconds(20));
        var env = ReadDump(dump);

        var apiUrl = stack.App.GetEndpoint("api", "http");
        var web = stack.App.GetEndpoint("web", "http");
        Assert.All([apiUrl, web], u => Assert.Equal("127.0.0.1", u.Host));

        // Service discovery names the one address, as under DCP: no entry per replica.
        Assert.Equal(apiUrl.ToString().TrimEnd('/'), env["services__api__http__0"]);
        Assert.False(env.ContainsKey("services__api__http__1"));
        Assert.Equal("Host=db.example;Database=app", env["ConnectionStrings__legacy-db"]);
        // Its own endpoint arrives as the variable it asked for.
        Assert.Equal(web.Port.ToString(), env["PORT"]);

        Assert.Equal("debug", env["LOG_LEVEL"]);
        Assert.Equal($"{env["services__api__http__0"]}/v1", env["API_V1"]);
        Assert.Equal("hello", env["GREETING"]);
        Assert.Equal("web", env["CALLBACK_FOR"]);
        Assert.Equal(["--state", apiUrl.Port.ToString()], ReadArgs(dump)[^2..]);

        // The one address handed out reaches the replicas, each of which serves on its own port too.
        Assert.Equal("api", await Http.GetStringAsync(new Uri(apiUrl, "/")));
        var snapshot = await stack.SnapshotAsync("api");
        var replicas = System.Text.RegularExpressions.Regex.Matches((string)snapshot.Properties.Single(p => p.Name == "resource.replicas").Value!, @"http://127\.0\.0\.1:\d+")
            .Select(m => new Uri(m.Value)).ToList();
        Assert.Equal(2, replicas.Select(u => u.Port).Append(apiUrl.Port).Distinct().Count() - 1);
        foreach (var replica in replicas) Assert.Equal("api", await Http.GetStringAsync(new Uri(replica, "/")));
    }

    [Fact]
    public async Task Referencing_one_endpoint_passes_only_that_endpoint()
    {
        await using var stack = new TestStack(output);
        var dump = Path.Combine(stack.Directory, "web-env.json");
        var api = stack.Service("api").WithHttpEndpoint(name: "admin");
        stack.Service("web", "--dump-env", dump).WithReference(api.GetEndpoint("admin"));

        await stack.StartAsync();
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync("web").WaitAsync(TimeSpan.FromSeconds(20));
        var env = ReadDump(dump);

        var admin = stack.App.GetEndpoint("api", "admin").ToString().TrimEnd('/');
        Assert.Equal(admin, env["services__api__admin__0"]);
        Assert.False(env.ContainsKey("services__api__http__0"));
        Assert.DoesNotContain(env, e => e.Value.Contains(stack.App.GetEndpoint("api", "http").Port.ToString(), StringComparison.Ordinal) && e.Key != "PORT");
    }

    /// <summary>The environment testsvc.py saw, without its argv entry.</summary>
    internal static Dictionary<string, string> ReadDump(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.String)
            .ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    internal static string[] ReadArgs(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return [.. json.RootElement.GetProperty("__argv__").EnumerateArray().Select(a => a.GetString()!)];
    }
}
