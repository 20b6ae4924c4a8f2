using System.Text.Json;
using Orchestration.Tests.Shared;
using Xunit.Abstractions;
using Engine = Orchestration.Hosting;

namespace Orchestration.Integrations.Tests
{
    // The engine's builder extensions, nearer than the project's global Aspire ones, so they are the ones that apply here.
    using Orchestration.Hosting;
    using Orchestration.Hosting.ApplicationModel;

    /// <summary>
    /// What needs copies of one resource: still arranged with the engine's own builder. Aspire's <c>WithReplicas</c> is for
    /// .NET programs only, and the native runtime runs one copy until replicas land (branch <c>replicas</c>); then these move
    /// to Aspire's API (an echo project with <c>WithReplicas(2)</c> behind the gateway; a server given a <c>ReplicaAnnotation</c>).
    /// </summary>
    public sealed class ReplicaTests(ITestOutputHelper output)
    {
        [Fact]
        public async Task Two_copies_of_one_Postgres_server_are_refused_before_anything_starts()
        {
            await using var stack = new EngineStack(output);
            stack.Builder.AddPostgres("pg").WithReplicas(2);

            var e = await Assert.ThrowsAsync<Engine.ModelValidationException>(stack.StartAsync);

            Assert.Contains(e.Problems, p => p.Contains("'pg' runs as one copy", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Two_copies_of_one_Redis_server_are_refused_before_anything_starts()
        {
            await using var stack = new EngineStack(output);
            stack.Builder.AddRedis("cache").WithReplicas(2);

            var e = await Assert.ThrowsAsync<Engine.ModelValidationException>(stack.StartAsync);

            Assert.Contains(e.Problems, p => p.Contains("'cache' runs as one copy", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_route_spreads_requests_over_every_replica_of_its_target()
        {
            await using var stack = new EngineStack(output);
            var api = stack.Builder.AddExecutable("api", "/usr/bin/python3", stack.Directory, "-c", NginxTests.EchoService)
                .WithHttpEndpoint(env: "PORT")
                .WithHttpHealthCheck("/health")
                .WithReplicas(2);
            stack.Builder.AddNginx("gateway").WithRoute("/api/", api).WaitFor(api);
            await stack.StartAsync();
            var gateway = stack.App.GetEndpoint("gateway");

            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
            var ports = new HashSet<string>();
            for (var i = 0; i < 6; i++)
                ports.Add(JsonDocument.Parse(await http.GetStringAsync(new Uri(gateway, "/api/who"))).RootElement.GetProperty("port").GetString()!);
            Assert.Equal(2, ports.Count);
        }

        /// <summary>The engine's own builder in a temporary folder, its console in the test log.</summary>
        private sealed class EngineStack : IAsyncDisposable
        {
            private Engine.DistributedApplication? _app;

            public EngineStack(ITestOutputHelper output)
            {
                Directory = System.IO.Directory.CreateTempSubdirectory("orch-int-").FullName;
                Builder = Engine.DistributedApplication.CreateBuilder(new Engine.DistributedApplicationOptions
                {
                    AppHostDirectory = Directory,
                    StateDirectory = Path.Combine(Directory, "state"),
                    Output = new TestOutputWriter(output),
                    WaitTimeout = TimeSpan.FromSeconds(60),
                });
            }

            public string Directory { get; }
            public Engine.IDistributedApplicationBuilder Builder { get; }
            public Engine.DistributedApplication App => _app ??= Builder.Build();

            public Task StartAsync() => App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

            public async ValueTask DisposeAsync()
            {
                if (_app is not null) await _app.DisposeAsync();
                try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }
}
