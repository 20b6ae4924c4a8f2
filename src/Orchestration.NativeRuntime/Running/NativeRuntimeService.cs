using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestration.NativeRuntime.Lowering;
using Native = Orchestration.Hosting;

namespace Orchestration.NativeRuntime.Running;

/// <summary>
/// Runs the Aspire model on the engine when Aspire's host starts (after <c>BeforeStartEvent</c>): allocates
/// endpoints, lowers the model, seeds Aspire's parameters with the engine's persisted values, publishes
/// <c>ConnectionStringAvailableEvent</c>, then starts everything and returns once the stack has settled.
/// An invalid model starts nothing: its problems are printed and the AppHost exits with code 1.
/// </summary>
internal sealed class NativeRuntimeService(IServiceProvider services) : IHostedService, IAsyncDisposable
{
    /// <summary>The resource Aspire adds for its own dashboard; ours takes its place.</summary>
    private const string AspireDashboardName = "aspire-dashboard";

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _forwarders = [];
    private Native.DistributedApplication? _app;
    private int _disposed;

    /// <summary>The engine's application, once started (tests and the dashboard read it).</summary>
    public Native.DistributedApplication? Application => _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var model = services.GetRequiredService<DistributedApplicationModel>();
        if (model.Resources.FirstOrDefault(r => r.Name == AspireDashboardName) is { } dashboard) model.Resources.Remove(dashboard);
        var resources = model.Resources.ToList();
        var configuration = services.GetRequiredService<IConfiguration>();
        // The testing builder asks for random ports so tests can run beside a running stack.
        EndpointAllocation.Allocate(resources, configuration.GetValue<bool>("DcpPublisher:RandomizePorts"));

        var builder = Native.DistributedApplication.CreateBuilder(NativeOptions(configuration));
        var lowering = new ModelLowering(builder, services);
        await lowering.LowerAsync(resources, cancellationToken).ConfigureAwait(false);
        await lowering.DiscoverParametersAsync(resources, cancellationToken).ConfigureAwait(false);
        if (lowering.Problems.Count > 0)
        {
            throw Fail(new Native.ModelValidationException(lowering.Problems));
        }
        _app = builder.Build();
        SeedParameters(lowering, configuration);

        var eventing = services.GetRequiredService<IDistributedApplicationEventing>();
        foreach (var resource in lowering.Lowered.Keys.OfType<IResourceWithConnectionString>())
            await eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, services), cancellationToken).ConfigureAwait(false);

        var byName = lowering.Lowered.Keys.ToDictionary(r => r.Name, StringComparer.Ordinal);
        _forwarders.Add(AspireStateBridge.ForwardStatesAsync(_app.ResourceNotifications, services.GetRequiredService<ResourceNotificationService>(), byName, _stopping.Token));
        var loggers = services.GetRequiredService<ResourceLoggerService>();
        foreach (var resource in byName.Values) _forwarders.Add(AspireStateBridge.ForwardLogsAsync(_app.ResourceLogs, loggers, resource, _stopping.Token));

        try
        {
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Native.ModelValidationException e)
        {
            throw Fail(e);
        }
        catch (Native.StackStartException)
        {
            // Already reported by the runner; what failed stays visible while the rest keep running, as with DCP.
        }
    }

    private Native.DistributedApplicationOptions NativeOptions(IConfiguration configuration)
    {
        var aspireOptions = services.GetRequiredService<DistributedApplicationOptions>();
        return new Native.DistributedApplicationOptions
        {
            Args = aspireOptions.Args ?? [],
            AppHostAssembly = AppHostAssembly(),
            AppHostDirectory = services.GetRequiredService<IHostEnvironment>().ContentRootPath,
            StateDirectory = configuration["Orchestration:StateDirectory"],
        };
    }

    /// <summary>The AppHost's assembly (its build recorded where the projects it runs are built): the application's name.</summary>
    private Assembly? AppHostAssembly()
    {
        try { return Assembly.Load(services.GetRequiredService<IHostEnvironment>().ApplicationName); }
        catch (IOException) { return Assembly.GetEntryAssembly(); }
    }

    /// <summary>
    /// Aspire reads a parameter from configuration (<c>Parameters:{name}</c>) when first asked; the engine's value
    /// (configured, or generated once and kept per machine) goes there first, so both agree.
    /// </summary>
    private void SeedParameters(ModelLowering lowering, IConfiguration configuration)
    {
        var values = _app!.Services.GetRequiredService<Native.Orchestration.ParameterValues>();
        foreach (var (name, parameter) in lowering.Parameters)
        {
            try { configuration[$"Parameters:{name}"] = values.Get(parameter.Resource); }
            catch (Native.DistributedApplicationException) { } // validation names it, with how to set it
        }
    }

    private ModelRejectedException Fail(Native.DistributedApplicationException e)
    {
        Console.Error.WriteLine(e.Message);
        Environment.ExitCode = 1;
        services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        return new ModelRejectedException(e.Message);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as a hosted service: the container disposes it once for each.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
        try { await Task.WhenAll(_forwarders).ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stopping.Dispose();
    }
}
