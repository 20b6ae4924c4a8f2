using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Orchestration.NativeRuntime.Running;

namespace Orchestration.Dashboard.Tests;

/// <summary>
/// The dashboard inside an Aspire AppHost (<c>UseNativeRuntime().AddDashboard()</c>): up before the resources, and
/// every process exports to it. Asserted as a user sees it: the login link, the processes' environment, the JSON API.
/// </summary>
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
    private readonly List<AspireDashboardAppHost> _hosts = [];

    private AspireDashboardAppHost AppHost(params string[] args)
    {
        var host = new AspireDashboardAppHost(_dir, args);
        _hosts.Add(host);
        return host;
    }

    /// <summary>The OTEL_* variables a process printed, from its console as the dashboard's API serves it.</summary>
    private static async Task<Dictionary<string, string>> OtelEnvironmentAsync(HttpClient api, string name)
        => (await ConsoleAsync(api, name)).Where(t => t.StartsWith("OTEL_", StringComparison.Ordinal))
            .Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private static async Task<List<string>> ConsoleAsync(HttpClient api, string name)
        => [.. JsonDocument.Parse(await api.GetStringAsync($"/api/resources/{name}/console")).RootElement.EnumerateArray().Select(l => l.GetProperty("text").GetString()!)];

    /// <summary>Sends one span over OTLP/gRPC the way the process was told to: its endpoint and its headers.</summary>
    private static Task<(int Status, string? Message)> ExportSpanAsync(IReadOnlyDictionary<string, string> otel, string service, string span)
        => RawGrpc.CallAsync(new Uri(otel["OTEL_EXPORTER_OTLP_ENDPOINT"]), RawGrpc.TraceExport,
            Otlp.Traces(service, Otlp.Span(42, 1, span, Otlp.Epoch)), otel["OTEL_EXPORTER_OTLP_HEADERS"].Split('=', 2)[1]);

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task With_its_own_ports_the_dashboard_starts_beside_the_resources_and_listens_once_the_start_returns()
    {
        var (page, grpc, http) = (FreePort(), FreePort(), FreePort());
        var host = AppHost();
        host.Builder.AddDashboard(o => (o.Port, o.OtlpGrpcPort, o.OtlpHttpPort) = (page, grpc, http));
        host.Builder.AddExecutable("printer", "python3", _dir, "-c", "import os; print('OTEL_EXPORTER_OTLP_ENDPOINT=' + os.environ['OTEL_EXPORTER_OTLP_ENDPOINT'])");

        await host.StartAsync("printer");

        // No waiting after the start: the dashboard listens on the ports it was given, and told the process so.
        Assert.Equal(page, host.Login.Url.Port);
        using var api = host.CreateApiClient();
        Assert.Equal("Finished", (await AspireDashboardAppHost.ResourcesAsync(api))["printer"].GetProperty("state").GetString());
        Assert.Contains($"OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:{grpc}", await ConsoleAsync(api, "printer"));
        using var otlpHttp = new HttpClient();
        Assert.NotEqual(System.Net.HttpStatusCode.NotFound, (await otlpHttp.PostAsync($"http://127.0.0.1:{http}/v1/traces", new ByteArrayContent([]))).StatusCode);
    }

    [Fact]
    public async Task Every_process_gets_the_OTLP_settings_and_the_dashboard_is_up_before_it_starts()
    {
        var host = AppHost();
        host.Builder.AddDashboard(o => o.FastExport = true);
        host.Builder.AddExecutable("printer", "python3", _dir, "-c", PrintEnvironment);

        await host.StartAsync("printer");

        using var api = host.CreateApiClient();
        Assert.Equal("Finished", (await AspireDashboardAppHost.ResourcesAsync(api))["printer"].GetProperty("state").GetString());
        Assert.Contains("otlp endpoint reachable", await ConsoleAsync(api, "printer"));
        var env = await OtelEnvironmentAsync(api, "printer");
        Assert.StartsWith("http://127.0.0.1:", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.StartsWith("x-otlp-api-key=", env["OTEL_EXPORTER_OTLP_HEADERS"]);
        Assert.Equal("printer", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=printer", env["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_METRIC_EXPORT_INTERVAL"]);

        // What the process was told is what the dashboard accepts: a span sent that way is listed.
        Assert.Equal(0, (await ExportSpanAsync(env, "printer", "print environment")).Status);
        var traces = JsonDocument.Parse(await api.GetStringAsync("/api/telemetry/traces?resource=printer")).RootElement;
        Assert.Equal("print environment", Assert.Single(traces.EnumerateArray()).GetProperty("name").GetString());
        // ... and only that way: without the key, the export is refused (gRPC 16, unauthenticated).
        Assert.Equal(16, (await RawGrpc.CallAsync(new Uri(env["OTEL_EXPORTER_OTLP_ENDPOINT"]), RawGrpc.TraceExport,
            Otlp.Traces("printer", Otlp.Span(43, 1, "forged", Otlp.Epoch)), apiKey: null)).Status);

        // The login link is the first thing the AppHost prints, before any resource starts.
        var lines = host.Output.Split('\n');
        var login = Array.FindIndex(lines, l => l.StartsWith("Dashboard: ", StringComparison.Ordinal));
        Assert.True(login >= 0 && login < Array.FindIndex(lines, l => l.Contains("printer", StringComparison.Ordinal)), "the login link came late:\n" + host.Output);
        // The AppHost's own lines never show the key (the printer's do: it prints its environment).
        var key = env["OTEL_EXPORTER_OTLP_HEADERS"].Split('=', 2)[1];
        Assert.DoesNotContain(lines.Where(l => !l.StartsWith("printer", StringComparison.Ordinal)), l => l.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replicas_are_told_apart_by_service_instance_id_and_slow_export_stays_the_SDK_default()
    {
        var host = AppHost();
        host.Builder.AddDashboard(o => o.FastExport = false);
        // Aspire's WithReplicas is a project's; its annotation gives an executable the same (the native runtime runs both).
        host.Builder.AddExecutable("job", "python3", _dir, "-c", PrintEnvironment).WithAnnotation(new ReplicaAnnotation(2));

        await host.StartAsync("job"); // Aspire's one entry: finished once both replicas have

        using var api = host.CreateApiClient();
        var resources = await AspireDashboardAppHost.ResourcesAsync(api);
        Assert.Equal(["job-0", "job-1"], resources.Keys.Order());
        var first = await OtelEnvironmentAsync(api, "job-0");
        var second = await OtelEnvironmentAsync(api, "job-1");
        Assert.Equal("service.instance.id=job-0", first["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("service.instance.id=job-1", second["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("job", second["OTEL_SERVICE_NAME"]);
        Assert.False(first.ContainsKey("OTEL_BSP_SCHEDULE_DELAY"));
    }

    [Fact]
    public async Task What_the_model_sets_itself_wins_over_the_dashboard_defaults()
    {
        var host = AppHost();
        host.Builder.AddDashboard();
        host.Builder.AddExecutable("custom", "python3", _dir, "-c", PrintEnvironment).WithEnvironment("OTEL_SERVICE_NAME", "my-name");

        await host.StartAsync("custom");

        using var api = host.CreateApiClient();
        Assert.Equal("my-name", (await OtelEnvironmentAsync(api, "custom"))["OTEL_SERVICE_NAME"]);
    }

    [Fact]
    public async Task The_resources_API_lists_states_and_endpoints_and_connection_strings_only_when_asked()
    {
        var host = AppHost();
        host.Builder.AddDashboard();
        var password = host.Builder.AddParameter("cache-password", "s3cret", secret: true);
        var cache = host.Builder.AddRedis("cache", password: password); // run natively as redis-server
        host.Builder.AddExecutable("printer", "python3", _dir, "-c", PrintEnvironment).WithReference(cache).WaitFor(cache);

        await host.StartAsync("printer");
        using var api = host.CreateApiClient();

        var raw = await api.GetStringAsync("/api/resources");
        var byName = await AspireDashboardAppHost.ResourcesAsync(api);
        Assert.Equal(["cache", "printer"], byName.Keys.Order());
        Assert.Equal("Running", byName["cache"].GetProperty("state").GetString());
        Assert.Equal("Finished", byName["printer"].GetProperty("state").GetString());
        Assert.Equal("Redis", byName["cache"].GetProperty("type").GetString());
        var endpoint = Assert.Single(byName["cache"].GetProperty("endpoints").EnumerateArray());
        Assert.Equal("tcp", endpoint.GetProperty("name").GetString());
        Assert.StartsWith("tcp://127.0.0.1:", endpoint.GetProperty("url").GetString());
        Assert.False(byName["cache"].TryGetProperty("connectionString", out _));
        Assert.DoesNotContain("s3cret", raw);

        // With ?secrets=true: the connection string Aspire's model resolves to, which the printer was given.
        var withSecrets = await AspireDashboardAppHost.ResourcesAsync(api, "?secrets=true");
        var connectionString = withSecrets["cache"].GetProperty("connectionString").GetString();
        Assert.Equal(await cache.Resource.ConnectionStringExpression.GetValueAsync(CancellationToken.None), connectionString);
        Assert.Contains("password=s3cret", connectionString);

        // Console output comes from the AppHost's log service.
        Assert.Contains("otlp endpoint reachable", await ConsoleAsync(api, "printer"));
    }

    [Fact]
    public async Task With_Dashboard_Persist_the_last_runs_telemetry_is_there_after_the_AppHost_restarts()
    {
        // Run 1: the flag as a user passes it; a span arrives the way the printer was told to export.
        var first = AppHost("--Dashboard:Persist=true");
        first.Builder.AddDashboard();
        first.Builder.AddExecutable("printer", "python3", _dir, "-c", PrintEnvironment);
        await first.StartAsync("printer");
        using (var api = first.CreateApiClient())
            Assert.Equal(0, (await ExportSpanAsync(await OtelEnvironmentAsync(api, "printer"), "printer", "print environment")).Status);
        await first.DisposeAsync();

        // Kept with the AppHost's other state, readable by its user only.
        var file = Path.Combine(first.StateDirectory, "dashboard-telemetry.json.gz");
        Assert.True(File.Exists(file), "no telemetry file in " + string.Join(", ", Directory.GetFiles(first.StateDirectory)));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        // Run 2: the span is listed before anything new arrives.
        var second = AppHost("--Dashboard:Persist=true");
        second.Builder.AddDashboard();
        second.Builder.AddExecutable("printer", "python3", _dir, "-c", PrintEnvironment);
        await second.StartAsync("printer");
        using var again = second.CreateApiClient();
        var traces = JsonDocument.Parse(await again.GetStringAsync("/api/telemetry/traces?resource=printer")).RootElement;
        Assert.Equal("print environment", Assert.Single(traces.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_invalid_model_leaves_no_dashboard_listening()
    {
        var port = FreePort();
        var host = AppHost();
        host.Builder.AddDashboard(o => o.Port = port);
        host.Builder.AddExecutable("broken", "no-such-program-anywhere", _dir)
            .WithEnvironment("TOKEN", host.Builder.AddParameter("token", secret: true)); // configured nowhere

        var error = await Assert.ThrowsAsync<ModelRejectedException>(() => host.App.StartAsync());

        Assert.Contains("no-such-program-anywhere", error.Message);
        Assert.Contains("Parameter 'token' has no value", error.Message);
        // The model's own checks come before the dashboard starts: an invalid model starts nothing, and an
        // AppHost exits at once on one, so a dashboard would only have flashed a login link.
        Assert.DoesNotContain("Dashboard: ", host.Output);
        Assert.False(IsListening(port), "the dashboard is listening after the model was rejected");
        await host.DisposeAsync();
        Assert.False(IsListening(port));
    }

    [Fact]
    public async Task A_taken_dashboard_port_is_named_before_anything_starts()
    {
        using var squatter = new TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;
        var host = AppHost();
        host.Builder.AddDashboard(o => o.Port = taken);
        host.Builder.AddExecutable("printer", "python3", _dir, "-c", "open('printer-ran', 'w').close()");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.App.StartAsync());

        Assert.Contains(taken.ToString(), error.Message);
        Assert.Contains("Dashboard:Port", error.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "printer-ran")), "the printer ran");
    }

    private static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try { client.Connect(System.Net.IPAddress.Loopback, port); return true; }
        catch (SocketException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
