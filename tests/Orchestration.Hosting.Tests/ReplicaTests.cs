using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

/// <summary>
/// The behaviours that need <c>WithReplicas(n &gt; 1)</c>, which Aspire's model cannot run natively yet (the lowering
/// refuses it, naming --runtime dcp; branch replicas makes it native). Until then they stay on the engine's own builder;
/// they move to Aspire's API with that work.
/// </summary>
public sealed class ReplicaTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_delegate_check_sees_the_replicas_own_address()
    {
        await using var stack = new EngineStack(output);
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        var web = stack.Service("web").WithReplicas(2);
        web.WithHealthCheck("own-port", async (ctx, ct) =>
        {
            seen.Add(await web.GetEndpoint("http").Property(EndpointProperty.Port).GetValueAsync(ctx.Resolver, ct) ?? "");
            return HealthCheckResult.Healthy();
        });

        await stack.StartAsync();

        var ports = stack.App.ResourceNotifications.GetReplicas("web").Select(r => new Uri(r.Endpoints[0].Url).Port.ToString()).ToHashSet();
        Assert.Equal(2, ports.Count);
        Assert.Subset(seen.ToHashSet(), ports);
        Assert.Superset(ports, seen.ToHashSet());
    }

    [Fact]
    public async Task Service_discovery_lists_every_replica_and_the_url_variable_names_the_first()
    {
        await using var stack = new EngineStack(output);
        var dump = Path.Combine(stack.Directory, "web-env.json");
        var api = stack.Service("api").WithReplicas(2);
        stack.Service("web", "--dump-env", dump)
            .WithReference(api)
            .WithEnvironment("API_V1", $"{api.GetEndpoint("http")}/v1")
            .WithArgs("--state", api.GetEndpoint("http").Property(EndpointProperty.Port));

        await stack.StartAsync();
        var env = ReferenceTests.ReadDump(dump);

        var notifications = stack.App.ResourceNotifications;
        var api0 = new Uri(notifications.Get("api-0")!.Endpoints.Single(e => e.Name == "http").Url);
        var api1 = new Uri(notifications.Get("api-1")!.Endpoints.Single(e => e.Name == "http").Url);
        Assert.NotEqual(api0.Port, api1.Port);
        Assert.Equal(api0.ToString().TrimEnd('/'), env["services__api__http__0"]);
        Assert.Equal(api1.ToString().TrimEnd('/'), env["services__api__http__1"]);
        Assert.False(env.ContainsKey("services__api__http__2"));
        Assert.Equal(env["services__api__http__0"], env["API_HTTP"]);
        Assert.Equal($"{env["API_HTTP"]}/v1", env["API_V1"]);
        Assert.Equal(["--state", api0.Port.ToString()], ReferenceTests.ReadArgs(dump)[^2..]);

        // The addresses handed out are the ones the replicas really serve on.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        Assert.Equal("api", await http.GetStringAsync(new Uri(api0, "/")));
        Assert.Equal("api", await http.GetStringAsync(new Uri(api1, "/")));
    }

    [Fact]
    public async Task Replicas_cannot_share_a_fixed_port()
    {
        await using var stack = new EngineStack(output);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        stack.Builder.AddExecutable("api", "python3", ".").WithHttpEndpoint(port: port).WithReplicas(2);

        var problem = Assert.Single((await Assert.ThrowsAsync<ModelValidationException>(stack.StartAsync)).Problems);

        Assert.Contains($"fixed port {port}", problem);
        Assert.Contains("2 replicas", problem);
    }
}
