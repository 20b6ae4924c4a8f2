using Google.Protobuf;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Dashboard.Tests;

/// <summary>The dashboard inside an AppHost: up before the resources, and every process exports to it.</summary>
public sealed class AppHostDashboardTests : IAsyncDisposable
{
    // Prints the OTEL_* environment, after checking the OTLP endpoint already accepts connections.
    private const string PrintEnvironment = """
        import os, socket, urllib.parse
        endpoint = urllib.parse.urlparse(os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"])
        socket.create_connection((endpoint.hostname, endpoint.port), timeout=5).close()
        print("otlp endpoint reachable")
        for name in sorted(os.environ):
            if name.startswith("OTEL_"):
                print(f"{name}={os.environ[name]}")
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("orch-dashboard-").FullName;
    private readonly StringWriter _output = new();
    private DistributedApplication? _app;

    private IDistributedApplicationBuilder Builder(params string[] args) => DistributedApplication.CreateBuilder(new DistributedApplicationOptions
    {
        Args = args,
        AppHostDirectory = _dir,
        AppHostAssembly = typeof(AppHostDashboardTests).Assembly,
        StateDirectory = Path.Combine(_dir, "state"),
        Output = TextWriter.Synchronized(_output),
        RandomizePorts = true, // the dashboard's ports too: runs next to a real AppHost and other tests
        WaitTimeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>Starts the model and waits until the named one-shot processes have finished.</summary>
    private async Task<DistributedApplication> StartAsync(IDistributedApplicationBuilder builder, params string[] finished)
    {
        _app = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _app.StartAsync(timeout.Token);
        foreach (var name in finished)
            await _app.ResourceNotifications.WaitForResourceAsync(name, s => s.IsTerminal, timeout.Token);
        return _app;
    }

    private static Dictionary<string, string> OtelEnvironment(DistributedApplication app, string name) =>
        app.ResourceLogs.GetLines(name).Select(l => l.Text).Where(t => t.StartsWith("OTEL_", StringComparison.Ordinal))
            .Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public async Task Every_process_gets_the_OTLP_settings_and_the_dashboard_is_up_before_it_starts()
    {
        var builder = Builder();
        builder.AddDashboard(o => o.FastExport = true);
        builder.AddExecutable("printer", "python3", _dir, "-c", PrintEnvironment);

        var app = await StartAsync(builder, "printer");

        var dashboard = app.Services.GetRequiredService<DashboardServer>();
        Assert.Equal(ResourceState.Finished, app.ResourceNotifications.Get("printer")!.State);
        Assert.Contains("otlp endpoint reachable", app.ResourceLogs.GetLines("printer").Select(l => l.Text));
        var env = OtelEnvironment(app, "printer");
        Assert.Equal(dashboard.OtlpGrpcUrl.GetLeftPart(UriPartial.Authority), env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal($"x-otlp-api-key={dashboard.OtlpApiKey}", env["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal("printer", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=printer", env["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_METRIC_EXPORT_INTERVAL"]);

        // The login link is the first thing the AppHost prints, before any resource starts.
        var lines = _output.ToString().Split('\n');
        var login = Array.FindIndex(lines, l => l.StartsWith($"Dashboard: {dashboard.Url}login?t={dashboard.BrowserToken}", StringComparison.Ordinal));
        Assert.True(login >= 0, "no login link in:\n" + _output);
        Assert.True(login < Array.FindIndex(lines, l => l.Contains("printer", StringComparison.Ordinal)));
        // The AppHost's own lines never show the key (the printer's do: it prints its environment).
        Assert.DoesNotContain(lines.Where(l => !l.StartsWith("printer", StringComparison.Ordinal)), l => l.Contains(dashboard.OtlpApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replicas_are_told_apart_by_service_instance_id_and_slow_export_stays_the_SDK_default()
    {
        var builder = Builder();
        builder.AddDashboard(o => o.FastExport = false);
        builder.AddExecutable("job", "python3", _dir, "-c", PrintEnvironment).WithReplicas(2);

        var app = await StartAsync(builder, "job-0", "job-1");

        Assert.Equal("service.instance.id=job-0", OtelEnvironment(app, "job-0")["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("service.instance.id=job-1", OtelEnvironment(app, "job-1")["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("job", OtelEnvironment(app, "job-1")["OTEL_SERVICE_NAME"]);
        Assert.False(OtelEnvironment(app, "job-0").ContainsKey("OTEL_BSP_SCHEDULE_DELAY"));
    }

    [Fact]
    public async Task What_the_model_sets_itself_wins_over_the_dashboard_defaults()
    {
        var builder = Builder();
        builder.AddDashboard();
        builder.AddExecutable("custom", "python3", _dir, "-c", PrintEnvironment).WithEnvironment("OTEL_SERVICE_NAME", "my-name");

        var app = await StartAsync(builder, "custom");

        Assert.Equal("my-name", OtelEnvironment(app, "custom")["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public async Task The_resources_API_lists_states_and_endpoints_and_connection_strings_only_when_asked()
    {
        var builder = Builder();
        builder.AddDashboard();
        var password = builder.AddParameter("cache-password", "s3cret", secret: true);
        var cache = builder.AddResource(new CacheResource("cache", _dir, password.Resource))
            .WithArgs("-c", "import time; time.sleep(60)")
            .WithEndpoint(name: "tcp");
        builder.AddExecutable("printer", "python3", _dir, "-c", PrintEnvironment).WithReference(cache);

        var app = await StartAsync(builder, "printer");
        var dashboard = app.Services.GetRequiredService<DashboardServer>();
        using var api = new HttpClient { BaseAddress = dashboard.Url };
        api.DefaultRequestHeaders.Authorization = new("Bearer", dashboard.BrowserToken);

        var resources = JsonDocument.Parse(await api.GetStringAsync("/api/resources")).RootElement;
        var byName = resources.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["cache", "printer"], byName.Keys.Order());
        Assert.Equal("Running", byName["cache"].GetProperty("state").GetString());
        Assert.Equal("Finished", byName["printer"].GetProperty("state").GetString());
        Assert.Equal("Cache", byName["cache"].GetProperty("type").GetString());
        var endpoint = Assert.Single(byName["cache"].GetProperty("endpoints").EnumerateArray());
        Assert.Equal("tcp", endpoint.GetProperty("name").GetString());
        Assert.StartsWith("tcp://127.0.0.1:", endpoint.GetProperty("url").GetString());
        Assert.False(byName["cache"].TryGetProperty("connectionString", out _));
        Assert.DoesNotContain("s3cret", resources.GetRawText());

        var withSecrets = JsonDocument.Parse(await api.GetStringAsync("/api/resources?secrets=true")).RootElement;
        var cacheWithSecrets = withSecrets.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "cache");
        Assert.Equal(await app.GetConnectionStringAsync("cache"), cacheWithSecrets.GetProperty("connectionString").GetString());
        Assert.Contains("password=s3cret", cacheWithSecrets.GetProperty("connectionString").GetString());

        // Console output comes from the AppHost's log service.
        var console = JsonDocument.Parse(await api.GetStringAsync("/api/resources/printer/console")).RootElement;
        Assert.Contains(console.EnumerateArray(), l => l.GetProperty("text").GetString() == "otlp endpoint reachable");
    }

    [Fact]
    public async Task With_Dashboard_Persist_the_last_runs_telemetry_is_there_after_the_AppHost_restarts()
    {
        // Run 1: the flag as a user passes it; a span arrives over OTLP/HTTP with the AppHost's key.
        var builder = Builder("--Dashboard:Persist=true");
        builder.AddDashboard();
        builder.AddExecutable("printer", "python3", _dir, "-c", PrintEnvironment);
        var app = await StartAsync(builder, "printer");
        var dashboard = app.Services.GetRequiredService<DashboardServer>();
        using (var otlp = new HttpClient { BaseAddress = dashboard.OtlpHttpUrl })
        {
            var content = new ByteArrayContent(Otlp.Traces("printer", Otlp.Span(42, 1, "print environment", Otlp.Epoch)).ToByteArray());
            content.Headers.ContentType = new("application/x-protobuf");
            otlp.DefaultRequestHeaders.Add("x-otlp-api-key", dashboard.OtlpApiKey);
            using var sent = await otlp.PostAsync("/v1/traces", content);
            Assert.Equal(System.Net.HttpStatusCode.OK, sent.StatusCode);
        }
        await app.DisposeAsync();
        _app = null;

        // Kept with the AppHost's other state, readable by its user only.
        var file = Path.Combine(_dir, "state", "dashboard-telemetry.json.gz");
        Assert.True(File.Exists(file), "no telemetry file in " + string.Join(", ", Directory.GetFiles(Path.Combine(_dir, "state"))));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        // Run 2: the span is listed before anything new arrives.
        builder = Builder("--Dashboard:Persist=true");
        builder.AddDashboard();
        builder.AddExecutable("printer", "python3", _dir, "-c", PrintEnvironment);
        app = await StartAsync(builder, "printer");
        dashboard = app.Services.GetRequiredService<DashboardServer>();
        using var api = new HttpClient { BaseAddress = dashboard.Url };
        api.DefaultRequestHeaders.Authorization = new("Bearer", dashboard.BrowserToken);
        var traces = JsonDocument.Parse(await api.GetStringAsync("/api/telemetry/traces?resource=printer")).RootElement;
        Assert.Equal("print environment", Assert.Single(traces.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_invalid_model_leaves_no_dashboard_listening()
    {
        var builder = Builder();
        builder.AddDashboard();
        builder.AddExecutable("broken", "no-such-program-anywhere", _dir);
        _app = builder.Build();

        await Assert.ThrowsAsync<ModelValidationException>(() => _app.StartAsync());
        // The model's own checks come before the dashboard starts: an invalid model starts nothing, and an
        // AppHost exits at once on one, so a dashboard would only have flashed a login link.
        var dashboard = _app.Services.GetRequiredService<DashboardServer>();
        Assert.False(dashboard.IsRunning);

        await _app.DisposeAsync();
        _app = null;

        Assert.False(dashboard.IsRunning);
    }

    [Fact]
    public async Task A_taken_dashboard_port_is_named_before_anything_starts()
    {
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = Builder();
        builder.AddDashboard(o => o.Port = taken);
        builder.AddExecutable("printer", "python3", _dir, "-c", PrintEnvironment);
        _app = builder.Build();

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => _app.StartAsync());

        Assert.Contains(taken.ToString(), error.Message);
        Assert.Contains("Dashboard:Port", error.Message);
        Assert.Null(_app.ResourceNotifications.Get("printer"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>A process with a connection string that holds a secret, as a database server would.</summary>
    private sealed class CacheResource(string name, string directory, ParameterResource password)
        : ExecutableResource(name, "python3", directory), IResourceWithConnectionString
    {
        public ReferenceExpression ConnectionStringExpression =>
            ReferenceExpression.Create($"{new EndpointReference(this, "tcp").Property(EndpointProperty.HostAndPort)},password={password}");
    }
}
