using Microsoft.Extensions.Configuration;
using Orchestration.Dashboard.Telemetry;

namespace Orchestration.Dashboard;

/// <summary>
/// How the dashboard listens and what it keeps. Read from the configuration section <c>Dashboard</c>
/// (<c>--Dashboard:Port=19999</c>, <c>Dashboard__Port=19999</c>); <c>--unsecured</c> turns authentication off.
/// <code>builder.AddDashboard(o => o.Port = 19999);</code>
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string SectionName = "Dashboard";

    /// <summary>The pages and the JSON API, on 127.0.0.1. Default 18888; 0 for a free port.</summary>
    public int Port { get; set; } = 18888;

    /// <summary>OTLP/gRPC, on 127.0.0.1. Default 4317; 0 for a free port.</summary>
    public int OtlpGrpcPort { get; set; } = 4317;

    /// <summary>OTLP/HTTP, on 127.0.0.1. Default 4318; 0 for a free port.</summary>
    public int OtlpHttpPort { get; set; } = 4318;

    /// <summary>The token of the login link and of <c>Authorization: Bearer</c>. Default: a new random one each run.</summary>
    public string? BrowserToken { get; set; }

    /// <summary>The value OTLP exports must send in <c>x-otlp-api-key</c>. Default: a new random one each run.</summary>
    public string? OtlpApiKey { get; set; }

    /// <summary>No login, no API key: for throwaway local use only. Command line: <c>--unsecured</c>.</summary>
    public bool Unsecured { get; set; }

    /// <summary>The largest OTLP request accepted, in bytes, also after gzip inflation; larger ones get 413 (gRPC: ResourceExhausted). Default 4 MiB.</summary>
    public int MaxOtlpRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Whether the processes the AppHost starts export every second (<c>OTEL_BSP_SCHEDULE_DELAY</c>,
    /// <c>OTEL_BLRP_SCHEDULE_DELAY</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c> = 1000), so telemetry shows
    /// up at once. Default: when the AppHost's environment is Development.
    /// </summary>
    public bool? FastExport { get; set; }

    /// <summary>
    /// Keep the telemetry across runs: saved when the dashboard stops, loaded when it starts (a
    /// gzip'd file, <c>dashboard-telemetry.json.gz</c>, mode 0600, in <see cref="PersistDirectory"/>).
    /// Default false. Command line: <c>--Dashboard:Persist=true</c>.
    /// </summary>
    public bool Persist { get; set; }

    /// <summary>
    /// Where <see cref="Persist"/> keeps the file. Default: the AppHost's state folder when hosted
    /// by <c>AddDashboard()</c>; standalone <c>$XDG_STATE_HOME/orchestration/dashboard</c>
    /// (<c>~/.local/state/orchestration/dashboard</c>).
    /// </summary>
    public string? PersistDirectory { get; set; }

    internal string PersistFile => Path.Combine(PersistDirectory ?? DefaultPersistDirectory(), TelemetryFile.FileName);

    private static string DefaultPersistDirectory()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state) || !Path.IsPathRooted(state))
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "orchestration", "dashboard");
    }

    /// <summary>How much telemetry is kept per resource.</summary>
    public TelemetryLimits Telemetry { get; set; } = new();

    /// <summary>Options from configuration (section <see cref="SectionName"/>), with <c>--unsecured</c> taken from <paramref name="args"/>.</summary>
    public static DashboardOptions FromConfiguration(IConfiguration configuration, IEnumerable<string> args)
    {
        var options = new DashboardOptions();
        configuration.GetSection(SectionName).Bind(options);
        if (args.Contains("--unsecured", StringComparer.Ordinal)) options.Unsecured = true;
        return options;
    }

    internal IEnumerable<string> Problems()
    {
        foreach (var (name, port) in new[] { ("Port", Port), ("OtlpGrpcPort", OtlpGrpcPort), ("OtlpHttpPort", OtlpHttpPort) })
            if (port is < 0 or > 65535) yield return $"Dashboard:{name} is {port}; a port is 0 (any free one) to 65535.";
        var fixedPorts = new[] { Port, OtlpGrpcPort, OtlpHttpPort }.Where(p => p != 0).ToList();
        if (fixedPorts.Distinct().Count() != fixedPorts.Count)
            yield return $"Dashboard ports must differ: Port {Port}, OtlpGrpcPort {OtlpGrpcPort}, OtlpHttpPort {OtlpHttpPort}.";
        if (MaxOtlpRequestBytes <= 0) yield return "Dashboard:MaxOtlpRequestBytes must be positive.";
        if (Telemetry.MaxTracesPerResource <= 0 || Telemetry.MaxSpansPerTrace <= 0 || Telemetry.MaxLogRecordsPerResource <= 0
            || Telemetry.MaxMetricPointsPerResource <= 0 || Telemetry.MaxAttributeCount < 0 || Telemetry.MaxAttributeLength <= 0 || Telemetry.MaxResources <= 0)
            yield return "Dashboard:Telemetry limits must be positive.";
    }
}
