using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Orchestration.Dashboard.Resources;
using Orchestration.Dashboard.Security;
using Orchestration.Dashboard.Telemetry;
using Orchestration.Hosting;

namespace Orchestration.Dashboard;

/// <summary>
/// The dashboard: an OTLP receiver (gRPC and HTTP), the telemetry it keeps, the JSON API and the
/// pages, on 127.0.0.1. Hosted by an AppHost through <c>builder.AddDashboard()</c>, or on its own.
/// <code>await using var dashboard = new DashboardServer(new DashboardOptions { Port = 0 });
/// await dashboard.StartAsync();
/// Console.WriteLine(dashboard.LoginUrl);</code>
/// </summary>
public sealed class DashboardServer : IAsyncDisposable, IDisposable
{
    private readonly DashboardOptions _options;
    private readonly IDashboardResourceSource? _resources;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly DashboardSecrets _secrets;
    private readonly DashboardListeners _listeners = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _app;
    private bool _loaded;

    /// <summary>A dashboard showing telemetry only, with these options; it listens from <see cref="StartAsync"/> on.</summary>
    /// <param name="options">Ports, secrets and limits.</param>
    public DashboardServer(DashboardOptions options) : this(options, null, null)
    {
    }

    /// <summary>A dashboard with these options; it listens from <see cref="StartAsync"/> on.</summary>
    /// <param name="options">Ports, secrets and limits.</param>
    /// <param name="resources">Where resource states come from (the AppHost's run); null shows telemetry only.</param>
    /// <param name="loggerFactory">Where the dashboard's own warnings go; null for nowhere.</param>
    internal DashboardServer(DashboardOptions options, IDashboardResourceSource? resources = null, ILoggerFactory? loggerFactory = null)
    {
        if (options.Problems().ToList() is { Count: > 0 } problems) throw new DistributedApplicationException(string.Join(Environment.NewLine, problems));
        _options = options;
        _resources = resources;
        _loggerFactory = loggerFactory;
        _secrets = new DashboardSecrets(options);
        Telemetry = new TelemetryStore(options.Telemetry);
    }

    /// <summary>Everything received over OTLP.</summary>
    public TelemetryStore Telemetry { get; }

    /// <summary>The token of the login link and of <c>Authorization: Bearer</c>.</summary>
    public string BrowserToken => _secrets.BrowserToken;

    /// <summary>The <c>x-otlp-api-key</c> value OTLP exports must send.</summary>
    public string OtlpApiKey => _secrets.OtlpApiKey;

    /// <summary>Whether authentication is off (<c>--unsecured</c>).</summary>
    public bool Unsecured => _secrets.Unsecured;

    /// <summary>Where telemetry is saved at stop and loaded at start (<see cref="DashboardOptions.Persist"/>), or null when it is not kept.</summary>
    public string? PersistFile => _options.Persist ? _options.PersistFile : null;

    /// <summary>Whether it is listening.</summary>
    public bool IsRunning => _app is not null;

    /// <summary>The pages and the JSON API, e.g. <c>http://127.0.0.1:18888</c>.</summary>
    public Uri Url => UrlOf(DashboardListener.Browser);

    /// <summary>The link that logs a browser in: <c>http://127.0.0.1:18888/login?t=...</c> (just <see cref="Url"/> when unsecured).</summary>
    public Uri LoginUrl => Unsecured ? Url : new Uri(Url, "/login?t=" + Uri.EscapeDataString(BrowserToken));

    /// <summary>Where OTLP/gRPC exporters send, e.g. <c>http://127.0.0.1:4317</c>.</summary>
    public Uri OtlpGrpcUrl => UrlOf(DashboardListener.OtlpGrpc);

    /// <summary>Where OTLP/HTTP exporters send (they add <c>/v1/traces</c>, ...), e.g. <c>http://127.0.0.1:4318</c>.</summary>
    public Uri OtlpHttpUrl => UrlOf(DashboardListener.OtlpHttp);

    private Uri UrlOf(DashboardListener listener) => IsRunning || _listeners.Reserved
        ? new Uri($"http://127.0.0.1:{_listeners.PortOf(listener)}")
        : throw new InvalidOperationException("The dashboard is not running; its ports are known once it has started (or reserved, TryReservePorts).");

    /// <summary>
    /// Checks that the three configured ports are free, so <see cref="Url"/> and the OTLP URLs are known before
    /// <see cref="StartAsync"/> finishes: an AppHost starts its resources while the dashboard starts beside them.
    /// Only fixed ports: a free port found now (0) is not held, and the kernel may hand it to the next caller asking
    /// for any port (another resource's endpoint) before Kestrel binds it; then this returns false and reserves
    /// nothing (start the dashboard first). A configured port that is taken throws
    /// <see cref="DistributedApplicationException"/> now.
    /// </summary>
    public bool TryReservePorts()
    {
        if (IsRunning || _listeners.Reserved) return true;
        var ports = new[] { (DashboardListener.Browser, _options.Port), (DashboardListener.OtlpGrpc, _options.OtlpGrpcPort), (DashboardListener.OtlpHttp, _options.OtlpHttpPort) };
        if (ports.Any(p => p.Item2 == 0)) return false;
        foreach (var (listener, port) in ports)
        {
            try { _listeners.Reserve(listener, port); }
            catch (SocketException e) { throw PortTaken($"http://127.0.0.1:{port}: {e.Message}."); }
        }
        return true;
    }

    /// <summary>
    /// Starts listening; returns once all three ports accept connections. Does nothing when already
    /// running. A port that is taken throws <see cref="DistributedApplicationException"/> naming it.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_app is not null) return;
            if (_options.Persist && !_loaded)
            {
                _loaded = true;
                LoadPersisted();
            }
            var app = DashboardApplication.Build(_options, _secrets, Telemetry, _resources, _loggerFactory, _listeners);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is AddressInUseException or SocketException)
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw PortTaken(e.Message);
            }
            _app = app;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static DistributedApplicationException PortTaken(string problem) => new(
        $"The dashboard cannot listen: {problem} Is another AppHost or dashboard running? Choose other ports with " +
        "--Dashboard:Port, --Dashboard:OtlpGrpcPort and --Dashboard:OtlpHttpPort (0 takes any free port).");

    /// <summary>Stops listening; what was received stays in <see cref="Telemetry"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_app is null) return;
            var app = _app;
            _app = null;
            try { await app.StopAsync(cancellationToken).ConfigureAwait(false); }
            finally
            {
                await app.DisposeAsync().ConfigureAwait(false);
                if (_options.Persist) SavePersisted();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void LoadPersisted()
    {
        try
        {
            if (TelemetryFile.Load(_options.PersistFile) is { } snapshot) Telemetry.Restore(snapshot);
        }
        catch (InvalidDataException e)
        {
            // Last session's telemetry is a convenience: an unreadable file must not keep the dashboard down.
            Logger?.LogWarning("The dashboard starts without last session's telemetry: {Problem}", e.Message);
        }
    }

    private void SavePersisted()
    {
        try
        {
            TelemetryFile.Save(Telemetry, _options.PersistFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Logger?.LogWarning("The dashboard could not save its telemetry to {File}: {Problem}", _options.PersistFile, e.Message);
        }
    }

    private ILogger? Logger => _loggerFactory?.CreateLogger("Orchestration.Dashboard");

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>
    /// Stops listening. A service container that is disposed synchronously (an AppHost whose model
    /// failed validation after the dashboard started) ends here.
    /// </summary>
    public void Dispose() => StopAsync().GetAwaiter().GetResult();
}
