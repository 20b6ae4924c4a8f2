using Aspire.Hosting;
using k8s.Models;

namespace Orchestration.Publishing.Tests;

/// <summary>
/// A small model of its own (not the sample): an app that waits for a migration to complete and for a
/// TCP-checked cache, written out and checked with the real tools, as the sample's output is.
/// </summary>
public sealed class CompletionAndTcpModelTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("publish-model-").FullName;

    public async Task InitializeAsync()
    {
        // `publish --target all --output DIR`, as `dotnet run --project AppHost -- publish` runs it: the native runtime lowers
        // Aspire's model and the writers write it out (compose and kubernetes into DIR/<target>); nothing starts.
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["publish", "--target", "all", "--output", _folder],
            ProjectDirectory = _folder,
        }).UseNativeRuntime();
        builder.Configuration["Orchestration:StateDirectory"] = Path.Combine(_folder, "state");
        // An arbitrary image: its container form names no tool to test a port with.
        var cache = builder.AddContainer("cache", "docker.io/library/memcached", "1.6.39")
            .WithEndpoint(targetPort: 11211, name: "tcp").WithTcpHealthCheck();
        var migrate = builder.AddContainer("migrate", "ghcr.io/example/migrate", "1.0.0");
        // A .NET project: its Alpine image has busybox nc.
        var app = builder.AddProject("app", Path.Combine(SampleModel.RepositoryRoot, "services", "api", "Api.csproj"))
            .WithHttpEndpoint().WithTcpHealthCheck()
            .WaitForCompletion(migrate)
            .WaitFor(cache);
        builder.AddContainer("web", "docker.io/library/nginx", "1.27.5-alpine")
            .WithHttpEndpoint(port: 8080, targetPort: 80)
            .WaitFor(app);

        await using var application = builder.Build();
        await application.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Compose_waits_for_completion_and_checks_tcp_only_with_a_tool_the_image_has()
    {
        var compose = SampleModel.Find("docker-compose") ?? throw new InvalidOperationException("docker-compose is not installed: apt-get install docker-compose.");
        var file = Path.Combine(_folder, "compose", "compose.yaml");
        var (exitCode, output, errors) = await SampleModel.RunAsync(compose, "-f", file, "--env-file", Path.Combine(_folder, "compose", ".env.example"), "config");
        Assert.True(exitCode == 0, output + errors);
        var services = (Dictionary<object, object>)new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(output)["services"];
        Dictionary<object, object> Service(string name) => (Dictionary<object, object>)services[name];
        string Condition(string service, string dependency) => (string)((Dictionary<object, object>)((Dictionary<object, object>)Service(service)["depends_on"])[dependency])["condition"];

        Assert.Equal("no", Service("migrate")["restart"]);
        Assert.Equal("service_completed_successfully", Condition("app", "migrate"));
        // The cache's image names no port tester: no fake check, the app waits for it to start, and the file says so.
        Assert.False(Service("cache").ContainsKey("healthcheck"));
        Assert.Equal("service_started", Condition("app", "cache"));
        Assert.Contains("# cache: its TCP health check has no healthcheck here", await File.ReadAllTextAsync(file));
        // The app's TCP check runs busybox nc in its image; the web waits for it healthy.
        Assert.Equal(["CMD", "nc", "-z", "-w", "2", "127.0.0.1", "8080"], ((List<object>)((Dictionary<object, object>)Service("app")["healthcheck"])["test"]).Cast<string>());
        Assert.Equal("service_healthy", Condition("web", "app"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public async Task Kubernetes_runs_the_completion_target_as_a_job_that_the_dependent_waits_for(string overlay)
    {
        var objects = await KubernetesValidationTests.RenderAsync(overlay, Path.Combine(_folder, "kubernetes"));

        var job = Assert.Single(objects.OfType<V1Job>());
        Assert.Equal("migrate", job.Metadata.Name);
        Assert.Equal("OnFailure", job.Spec.Template.Spec.RestartPolicy);
        var app = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "app").Spec.Template.Spec;

        // The app waits for the Job with kubectl, under a service account that may only read Jobs, its token in that init container alone.
        var wait = Assert.Single(app.InitContainers, c => c.Name == "wait-for-migrate");
        Assert.Equal(["kubectl", "wait", "--for=condition=complete", "job/migrate", "--timeout=15m"], wait.Command);
        Assert.Contains(wait.VolumeMounts, m => m.MountPath == "/var/run/secrets/kubernetes.io/serviceaccount");
        Assert.False(app.AutomountServiceAccountToken);
        Assert.Equal("app-waits", app.ServiceAccountName);
        Assert.DoesNotContain(app.Containers.SelectMany(c => c.VolumeMounts ?? []), m => m.MountPath.StartsWith("/var/run/secrets", StringComparison.Ordinal));
        Assert.Contains(objects.OfType<V1ServiceAccount>(), a => a.Metadata.Name == "app-waits");
        var role = objects.OfType<V1Role>().Single(r => r.Metadata.Name == "app-waits");
        Assert.All(role.Rules, r => Assert.Equal(["jobs"], r.Resources));
        Assert.All(role.Rules, r => Assert.DoesNotContain(r.Verbs, v => v is "create" or "update" or "patch" or "delete"));
        Assert.Contains(role.Rules, r => r.ResourceNames?.SequenceEqual(["migrate"]) == true);
        var binding = objects.OfType<V1RoleBinding>().Single(b => b.Metadata.Name == "app-waits");
        Assert.Equal("app-waits", binding.RoleRef.Name);
        Assert.Equal("app-waits", Assert.Single(binding.Subjects).Name);
        Assert.Contains(app.InitContainers, c => c.Name == "wait-for-cache");

        // TCP health checks are tcpSocket probes.
        Assert.Equal("8080", app.Containers.Single().ReadinessProbe.TcpSocket.Port.Value);
        var cache = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "cache").Spec.Template.Spec.Containers.Single();
        Assert.Equal("11211", cache.StartupProbe.TcpSocket.Port.Value);
        Assert.All(job.Spec.Template.Spec.Containers.Concat(app.InitContainers), c => Assert.True(c.SecurityContext.ReadOnlyRootFilesystem));
    }
}
