using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting;

/// <summary>
/// A built stack. <c>Run()</c> brings it up and keeps it up until Ctrl+C; tests use
/// <c>StartAsync</c> (returns once every resource is healthy, or throws naming what failed) and
/// <c>DisposeAsync</c> (stops everything, in reverse dependency order).
/// </summary>
internal sealed class DistributedApplication : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Orchestrator _orchestrator;
    private bool _hostStarted;
    private bool _hooksRan;

    internal DistributedApplication(IHost host)
    {
        _host = host;
        _orchestrator = host.Services.GetRequiredService<Orchestrator>();
    }

    /// <summary>Creates a builder. <paramref name="args"/> are also read as configuration.</summary>
    public static IDistributedApplicationBuilder CreateBuilder(string[]? args = null)
    {
        return CreateBuilder(new DistributedApplicationOptions { Args = args ?? [], OwnsProcess = true });
    }

    /// <summary>Creates a builder with explicit options (tests: a temporary state folder, captured output).</summary>
    public static IDistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options)
    {
        EntryPointInterception.Current.Value?.Configure(options);
        // Not when a test starts the AppHost's Program inside its own process.
        if (options.OwnsProcess && EntryPointInterception.Current.Value is null)
        {
            ModelErrorExit.Register();
            InterruptSignal.RestoreDefault(); // as early as the AppHost's code runs: before .NET looks at SIGINT
        }
        return new DistributedApplicationBuilder(options);
    }

    /// <summary>The AppHost's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Resource states: a snapshot, a change stream, and waits.</summary>
    public ResourceNotificationService ResourceNotifications => _orchestrator.Notifications;

    /// <summary>Console output kept per resource.</summary>
    public ResourceLogService ResourceLogs => _orchestrator.Logs;

    /// <summary>Start, stop or restart one resource.</summary>
    public IResourceCommands ResourceCommands => _orchestrator;

    /// <summary>
    /// Validates the model, then starts every resource in dependency order and waits until all are
    /// healthy (or finished). Throws <see cref="ModelValidationException"/> (nothing started) or
    /// <see cref="StackStartException"/> naming each root cause.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var failures = await StartCoreAsync(cancellationToken).ConfigureAwait(false);
        if (failures.Count > 0) throw new StackStartException(failures);
    }

    private async Task<IReadOnlyList<string>> StartCoreAsync(CancellationToken cancellationToken)
    {
        _orchestrator.CheckModel(); // before the hooks: an invalid model starts nothing, not even the dashboard
        if (!_hooksRan)
        {
            _hooksRan = true;
            var model = Services.GetRequiredService<DistributedApplicationModel>();
            foreach (var hook in Services.GetServices<IDistributedApplicationLifecycleHook>())
                await hook.BeforeStartAsync(model, cancellationToken).ConfigureAwait(false);
        }
        _orchestrator.Validate();
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
        _hostStarted = true;
        var failures = await _orchestrator.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var hook in Services.GetServices<IDistributedApplicationLifecycleHook>())
            await hook.AfterStartAsync(cancellationToken).ConfigureAwait(false);
        return failures;
    }

    /// <summary>
    /// Runs the stack until Ctrl+C or SIGTERM, then stops it in reverse dependency order. An invalid
    /// model prints its problems and sets a non-zero exit code; a resource that fails stays visible
    /// while the rest keep running.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (await TryPublishAsync(cancellationToken).ConfigureAwait(false)) return;
        try
        {
            await StartCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DistributedApplicationException e)
        {
            _orchestrator.Console.WriteError(e.Message);
            Environment.ExitCode = 1;
            await DisposeAsync().ConfigureAwait(false);
            return;
        }
        // Ctrl+C and SIGTERM stop the host's lifetime; resources go first, then the host's own services.
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lifetime = Services.GetRequiredService<IHostApplicationLifetime>();
        using (lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        using (cancellationToken.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task.ConfigureAwait(false);
        }
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// <c>publish [--target compose|kubernetes|manifest|all] [--output DIR]</c>: writes the model out and starts nothing.
    /// True when the arguments asked for it (done, or failed with a message and a non-zero exit code).
    /// </summary>
    internal async Task<bool> TryPublishAsync(CancellationToken cancellationToken)
    {
        var console = _orchestrator.Console;
        try
        {
            if (Publishing.PublishCommand.Parse(Services.GetRequiredService<DistributedApplicationOptions>().Args) is not { } command) return false;
            foreach (var target in command.Targets)
            {
                var folder = await Publishing.Publisher.PublishAsync(Services, target, command.OutputFor(target), cancellationToken).ConfigureAwait(false);
                console.WriteInfo($"publish: {target.ToString().ToLowerInvariant()} written to {folder}");
            }
        }
        catch (DistributedApplicationException e)
        {
            console.WriteError(e.Message);
            Environment.ExitCode = 1;
        }
        await _orchestrator.DisposeAsync().ConfigureAwait(false);
        _host.Dispose();
        return true;
    }

    /// <summary>Runs the stack until Ctrl+C or SIGTERM.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Stops every resource, dependents before what they depend on.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _orchestrator.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_hostStarted)
        {
            _hostStarted = false;
            await _host.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The value of a resource's connection string, as the local run resolves it.</summary>
    public Task<string?> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default)
        => _orchestrator.GetConnectionStringAsync(resourceName, cancellationToken);

    /// <summary>The local URL of a resource's endpoint (replica 0), e.g. <c>http://127.0.0.1:50123</c>.</summary>
    public Uri GetEndpoint(string resourceName, string endpointName = "http") => _orchestrator.GetEndpoint(resourceName, endpointName);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _orchestrator.DisposeAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
