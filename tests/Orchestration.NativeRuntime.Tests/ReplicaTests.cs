using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orchestration.NativeRuntime.Tests;

/// <summary>
/// Aspire's replicas run natively: each replica on a loopback port of its own, one address per endpoint (a proxy
/// spreading connections over the replicas), as DCP runs them. Executables carry Aspire's <see cref="ReplicaAnnotation"/>
/// (what <c>WithReplicas</c> adds to a project) so the tests run the small python service.
/// </summary>
public class ReplicaTests
{
    [Fact]
    public async Task Two_replicas_listen_on_their_own_ports_and_the_resource_address_reaches_both()
    {
        await using var model = new AspireModel();
        model.Service("web").WithAnnotation(new ReplicaAnnotation(2));

        await model.StartAsync();
        await model.App.ResourceNotifications.WaitForResourceHealthyAsync("web").WaitAsync(TimeSpan.FromSeconds(30));

        using var client = model.App.CreateHttpClient("web", "http");
        var answers = await AskAsync(client, client.BaseAddress!, times: 4);
        // Both copies answered, each from a port of its own, neither from the one address clients are given.
        Assert.Equal(2, answers.Select(a => a.Pid).Distinct().Count());
        Assert.Equal(2, answers.Select(a => a.Port).Distinct().Count());
        Assert.DoesNotContain(client.BaseAddress!.Port, answers.Select(a => a.Port));
        Assert.Equal(2, model.Records().Count(r => r is ("listen", "web")));
    }

    [Fact]
    public async Task The_resource_address_skips_a_replica_that_is_down()
    {
        await using var model = new AspireModel();
        model.Service("web").WithAnnotation(new ReplicaAnnotation(2));
        await model.StartAsync();
        await model.App.ResourceNotifications.WaitForResourceHealthyAsync("web").WaitAsync(TimeSpan.FromSeconds(30));
        using var client = model.App.CreateHttpClient("web", "http");
        var pids = (await AskAsync(client, client.BaseAddress!, times: 2)).Select(a => a.Pid).Distinct().ToList();
        Assert.Equal(2, pids.Count);

        // One copy dies (the engine restarts it after a backoff of a second): every request meanwhile is answered.
        using (var dying = System.Diagnostics.Process.GetProcessById(int.Parse(pids[0])))
        {
            dying.Kill();
            // Until it is gone, its listening socket still accepts (and then resets) what the proxy sends it.
            await dying.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        var answers = await AskAsync(client, client.BaseAddress!, times: 4);
        Assert.DoesNotContain(pids[0], answers.Select(a => a.Pid));
    }

    [Fact]
    public async Task The_resource_is_healthy_only_once_each_replica_answers_its_own_health_check()
    {
        await using var model = new AspireModel();
        // The first copy to start answers /health with 503 while this file exists; the other is healthy at once.
        var sickLock = Path.Combine(model.Directory, "sick");
        model.Service("web", "--sick-lock", sickLock).WithAnnotation(new ReplicaAnnotation(2));

        var start = model.StartAsync();
        await WaitUntilAsync(() => model.Records().Count(r => r is ("listen", "web")) == 2 && model.Records().Any(r => r is ("sick", "web")));
        // Checked through the one address, the sick copy would pass on every other poll: checked on its own port it never does.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(start.IsCompleted, "the stack settled while one replica answered 503");
        Assert.True(model.App.ResourceNotifications.TryGetCurrentState("web", out var sick));
        Assert.NotEqual(HealthStatus.Healthy, sick.Snapshot.HealthStatus);
        var replicas = sick.Snapshot.Properties.Single(p => p.Name == "resource.replicas").Value as string;
        Assert.Contains("web-0", replicas);
        Assert.Contains("web-1", replicas);

        File.Delete(sickLock);
        await start;
        var healthy = await model.App.ResourceNotifications.WaitForResourceHealthyAsync("web").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(KnownResourceStates.Running, healthy.Snapshot.State?.Text);
    }

    [Fact]
    public async Task A_consumer_WithReference_gets_the_one_address_and_reaches_the_replicas()
    {
        await using var model = new AspireModel();
        var web = model.Service("web").WithAnnotation(new ReplicaAnnotation(2));
        var dump = Path.Combine(model.Directory, "client.env");
        model.Service("client", "--dump-env", dump).WithReference(web.GetEndpoint("http")).WaitFor(web);

        await model.StartAsync();
        await model.App.ResourceNotifications.WaitForResourceHealthyAsync("client").WaitAsync(TimeSpan.FromSeconds(30));

        var environment = JsonDocument.Parse(File.ReadAllText(dump)).RootElement;
        var address = environment.GetProperty("services__web__http__0").GetString()!;
        // Aspire hands a client one address for a replicated endpoint, the one its own CreateHttpClient uses.
        Assert.False(environment.TryGetProperty("services__web__http__1", out _));
        using var aspireClient = model.App.CreateHttpClient("web", "http");
        Assert.Equal(aspireClient.BaseAddress!.ToString().TrimEnd('/'), address);
        using var client = new HttpClient();
        var answers = await AskAsync(client, new Uri(address), times: 4);
        Assert.Equal(2, answers.Select(a => a.Pid).Distinct().Count());
    }

    [Fact]
    public async Task A_project_WithReplicas_runs_each_copy_on_the_port_its_ASPNETCORE_URLS_names()
    {
        await using var model = new AspireModel();
        // The build output of the project is recorded in this assembly, as an AppHost's build records it in the AppHost's.
        model.Builder.Services.AddSingleton(new Running.NativeOptionsConfiguration(o => o.AppHostAssembly = typeof(ReplicaTests).Assembly));
        model.Builder.AddProject("api", TestProject)
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/") // it answers 200 to anything, once it listens
            .WithEnvironment("GREETING", "replicated")
            .WithReplicas(2);

        await model.StartAsync();
        var running = await model.App.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(TimeSpan.FromSeconds(30));

        using var client = model.App.CreateHttpClient("api", "http");
        Assert.Equal("replicated", await client.GetStringAsync("/"));
        // Each copy listens where its own ASPNETCORE_URLS said: the ports the resource's replicas property lists.
        var replicas = (string)running.Snapshot.Properties.Single(p => p.Name == "resource.replicas").Value!;
        var urls = System.Text.RegularExpressions.Regex.Matches(replicas, @"http://127\.0\.0\.1:\d+").Select(m => new Uri(m.Value)).ToList();
        Assert.Equal(2, urls.Select(u => u.Port).Distinct().Count());
        Assert.DoesNotContain(client.BaseAddress!.Port, urls.Select(u => u.Port));
        using var direct = new HttpClient();
        foreach (var url in urls) Assert.Equal("replicated", await direct.GetStringAsync(url));
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("redis")]
    public async Task A_replicated_container_with_a_native_recipe_is_rejected_before_anything_starts(string server)
    {
        await using var model = new AspireModel();
        if (server == "postgres") model.Builder.AddPostgres("data").WithAnnotation(new ReplicaAnnotation(2));
        else model.Builder.AddRedis("data").WithAnnotation(new ReplicaAnnotation(2));
        model.Service("web");

        var error = await Assert.ThrowsAnyAsync<Exception>(model.StartAsync);

        Assert.Contains("'data'", error.Message);
        Assert.Contains("runs as one copy", error.Message);
        Assert.Contains("remove WithReplicas", error.Message);
        Assert.Empty(model.Records());
    }

    [Fact]
    public async Task Replicas_behind_a_proxy_less_endpoint_are_rejected_as_under_DCP()
    {
        await using var model = new AspireModel();
        model.Service("web").WithAnnotation(new ReplicaAnnotation(2)).WithEndpoint("http", e => e.IsProxied = false);

        var error = await Assert.ThrowsAnyAsync<Exception>(model.StartAsync);

        Assert.Contains("'web'", error.Message);
        Assert.Contains("not proxied", error.Message);
        Assert.Empty(model.Records());
    }

    [Fact]
    public async Task A_replicated_project_publishes_its_replica_count()
    {
        var output = Directory.CreateTempSubdirectory("orch-replicas-publish-").FullName;
        try
        {
            await using var model = new AspireModel("publish", "--target", "all", "--output", output);
            model.Builder.AddProject("api", TestProject)
                .WithHttpEndpoint()
                .WithReplicas(3);

            await model.StartAsync();

            var compose = File.ReadAllText(Path.Combine(output, "compose", "compose.yaml"));
            Assert.Matches(@"(?s)\n  api:.*?deploy:\s+replicas: 3", compose);
            var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "manifest", "manifest.json"))).RootElement;
            Assert.Equal(3, manifest.GetProperty("resources").GetProperty("api").GetProperty("replicas").GetInt32());
            var deployment = File.ReadAllText(Directory.GetFiles(Path.Combine(output, "kubernetes"), "api*.yaml", SearchOption.AllDirectories).First());
            Assert.Contains("replicas: 3", deployment);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<List<(string Pid, int Port)>> AskAsync(HttpClient client, Uri address, int times)
    {
        var answers = new List<(string, int)>();
        for (var i = 0; i < times; i++)
        {
            // A new connection each time: the proxy picks a replica per connection, as DCP's does.
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/"));
            request.Headers.ConnectionClose = true;
            using var response = await client.SendAsync(request);
            Assert.Equal("web", await response.Content.ReadAsStringAsync());
            answers.Add((response.Headers.GetValues("X-Pid").Single(), int.Parse(response.Headers.GetValues("X-Port").Single())));
        }
        return answers;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }

    private static string TestProject => Path.Combine(RepositoryRoot(), "tests", "TestProjectService", "TestProjectService.csproj");

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Orchestration.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new DirectoryNotFoundException("Orchestration.sln not found above " + AppContext.BaseDirectory);
    }
}
