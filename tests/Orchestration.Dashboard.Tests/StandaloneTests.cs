using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orchestration.Dashboard.Tests;

/// <summary>The dashboard as its own program (<c>dotnet run --project src/Orchestration.Dashboard</c>): an OTLP viewer for any application.</summary>
public sealed partial class StandaloneTests : IDisposable
{
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "Orchestration.Dashboard.dll");
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineAdded = new(0);
    private Process? _process;

    private Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Program, "--Dashboard:Port=0", "--Dashboard:OtlpGrpcPort=0", "--Dashboard:OtlpHttpPort=0", .. args])
            info.ArgumentList.Add(arg);
        _process = Process.Start(info)!;
        void Add(string? line)
        {
            if (line is null) return;
            lock (_lines) _lines.Add(line);
            _lineAdded.Release();
        }
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        return _process;
    }

    private async Task<string> WaitForLineAsync(string prefix)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            lock (_lines)
                if (_lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line) return line;
            await _lineAdded.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
        lock (_lines) throw new TimeoutException($"No line starting with '{prefix}'; output:\n{string.Join('\n', _lines)}");
    }

    [Fact]
    public async Task It_prints_its_login_link_and_OTLP_settings_receives_telemetry_and_stops_on_SIGTERM()
    {
        var process = Start();

        var login = new Uri((await WaitForLineAsync("Dashboard: "))["Dashboard: ".Length..]);
        var settings = await WaitForLineAsync("Send telemetry with: ");
        var token = login.Query["?t=".Length..];
        var otlpHttp = OtlpHttpUrl().Match(await WaitForLineAsync("  (OTLP/HTTP: ")).Groups[1].Value;
        var key = ApiKey().Match(settings).Groups[1].Value;
        Assert.Equal("127.0.0.1", login.Host);
        Assert.Matches("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:[0-9]+ OTEL_EXPORTER_OTLP_PROTOCOL=grpc", settings);

        using var sender = new HttpClient { BaseAddress = new Uri(otlpHttp) };
        sender.DefaultRequestHeaders.Add("x-otlp-api-key", key);
        var log = """{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cli"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1767268800000000000","severityNumber":13,"body":{"stringValue":"disk almost full"}}]}]}]}""";
        Assert.Equal(HttpStatusCode.OK, (await sender.PostAsync("/v1/logs", new StringContent(log, new MediaTypeHeaderValue("application/json")))).StatusCode);

        using var api = new HttpClient { BaseAddress = new Uri(login.GetLeftPart(UriPartial.Authority)) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/telemetry/logs")).StatusCode);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var logs = JsonDocument.Parse(await api.GetStringAsync("/api/telemetry/logs?resource=cli&level=warning")).RootElement;
        Assert.Equal("disk almost full", Assert.Single(logs.EnumerateArray()).GetProperty("body").GetString());
        Assert.Equal("[]", await api.GetStringAsync("/api/resources")); // no AppHost: telemetry only

        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
        Assert.Equal(0, process.ExitCode);
        lock (_lines) Assert.DoesNotContain(_lines, l => l.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unsecured_prints_a_plain_link_and_needs_no_token()
    {
        Start("--unsecured");

        var url = new Uri((await WaitForLineAsync("Dashboard: "))["Dashboard: ".Length..]);

        Assert.Equal("", url.Query);
        using var api = new HttpClient { BaseAddress = url };
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/telemetry/traces")).StatusCode);
    }

    [Fact]
    public async Task Bad_options_are_named_and_it_exits_non_zero()
    {
        var process = Start("--Dashboard:OtlpHttpPort=70000");

        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(1, process.ExitCode);
        lock (_lines) Assert.Contains(_lines, l => l.Contains("Dashboard:OtlpHttpPort is 70000", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"OTLP/HTTP: (http://127\.0\.0\.1:[0-9]+)")]
    private static partial Regex OtlpHttpUrl();

    [GeneratedRegex("x-otlp-api-key=([0-9a-f]+)")]
    private static partial Regex ApiKey();

    public void Dispose()
    {
        if (_process is { HasExited: false }) _process.Kill();
        _process?.Dispose();
    }
}
