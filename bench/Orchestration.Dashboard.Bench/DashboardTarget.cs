using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Orchestration.Dashboard.Bench;

/// <summary>
/// The dashboard under load: in this process (<see cref="DashboardServer"/>), or the standalone
/// program as a child process, whose working set is then the dashboard's alone.
/// </summary>
internal sealed class DashboardTarget : IAsyncDisposable
{
    public const string Token = "bench-token";
    public const string ApiKey = "bench-key";

    private DashboardServer? _server;
    private Process? _process;

    public required string Kind { get; init; }
    public required Uri Url { get; init; }
    public required Uri OtlpGrpcUrl { get; init; }
    public int ProcessId => _process?.Id ?? Environment.ProcessId;

    public HttpClient NewApiClient()
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    /// <summary>Resident memory (VmRSS) of the dashboard's process, in bytes.</summary>
    public long WorkingSet() => Machine.Rss(ProcessId);

    public static async Task<DashboardTarget> StartAsync(bool standalone, string[] extraArgs)
    {
        if (!standalone)
        {
            var options = new DashboardOptions { Port = 0, OtlpGrpcPort = 0, OtlpHttpPort = 0, BrowserToken = Token, OtlpApiKey = ApiKey };
            var server = new DashboardServer(options);
            await server.StartAsync();
            return new DashboardTarget { Kind = "in-process", Url = server.Url, OtlpGrpcUrl = server.OtlpGrpcUrl, _server = server };
        }

        var (port, grpc, http) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(Machine.StandaloneDashboard())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in (string[])[$"--Dashboard:Port={port}", $"--Dashboard:OtlpGrpcPort={grpc}", $"--Dashboard:OtlpHttpPort={http}",
                     $"--Dashboard:BrowserToken={Token}", $"--Dashboard:OtlpApiKey={ApiKey}", .. extraArgs])
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("dashboard: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var target = new DashboardTarget
        {
            Kind = "standalone", Url = new Uri($"http://127.0.0.1:{port}"), OtlpGrpcUrl = new Uri($"http://127.0.0.1:{grpc}"), _process = process,
        };
        using var client = target.NewApiClient();
        for (var deadline = Stopwatch.StartNew(); ; await Task.Delay(20))
        {
            if (process.HasExited) throw new InvalidOperationException($"the standalone dashboard exited with {process.ExitCode}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("the standalone dashboard did not answer in 20 s");
            try { using var _ = await client.GetAsync("/api/telemetry/version"); return target; }
            catch (HttpRequestException) { }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_process is not null)
        {
            await Machine.TerminateAsync(_process);
            _process.Dispose();
        }
    }
}
