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
    private Task<Native.DistributedApplication>? _prepared;
    private Native.DistributedApplication? _app;
    private Dictionary<string, IResource>? _lowered;
    private IReadOnlyDictionary<IResource, Native.ApplicationModel.IResource>? _nativeOf;
    private bool _published;
    private int _disposed;

    /// <summary>What did not start or never became healthy, once the start settled; null when all is well.</summary>
    public Native.StackStartException? StartFailure { get; private set; }

    /// <summary>
    /// Allocates endpoints, lowers the model and builds the engine's application, without starting anything (the
    /// start does it when not done): publishing and tests that only read the model stop here.
    /// </summary>
    public Task<Native.DistributedApplication> PrepareAsync(CancellationToken cancellationToken = default)
    {
        // Once, also when a test host prepares while Aspire's host is already starting it.
        lock (_stopping) return _prepared ??= PrepareCoreAsync(cancellationToken);
    }

    private async Task<Native.DistributedApplication> PrepareCoreAsync(CancellationToken cancellationToken)
    {
        var model = services.GetRequiredService<DistributedApplicationModel>();
        if (model.Resources.FirstOrDefault(r => r.Name == AspireDashboardName) is { } dashboard) model.Resources.Remove(dashboard);
        var resources = model.Resources.ToList();
        var configuration = services.GetRequiredService<IConfiguration>();
        var options = NativeOptions();
        EndpointAllocation.Allocate(resources, options.RandomizePorts);

        var builder = Native.DistributedApplication.CreateBuilder(options);
        // `publish` writes the model out and runs nothing: a container needs no native recipe then.
        var lowering = new ModelLowering(builder, services) { Publishing = options.Args is [Native.Publishing.PublishCommand.Verb, ..] };
        await lowering.LowerAsync(resources, cancellationToken).ConfigureAwait(false);
        await lowering.DiscoverParametersAsync(resources, cancellationToken).ConfigureAwait(false);
        if (lowering.Problems.Count > 0) throw Fail(new Native.ModelValidationException(lowering.Problems));
        var app = builder.Build();
        SeedParameters(app, lowering, services.GetRequiredService<NativeRuntimeSettings>().ParameterConfiguration);

        var eventing = services.GetRequiredService<IDistributedApplicationEventing>();
        foreach (var resource in lowering.Lowered.Keys.OfType<IResourceWithConnectionString>())
            await eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, services), cancellationToken).ConfigureAwait(false);
        _lowered = lowering.Lowered.Keys.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var (aspire, native) in lowering.Lowered)
            if (native is Native.ApplicationModel.IProcessResource) NativeLifecycleCommands.Add(aspire);
        _nativeOf = lowering.Lowered;
        return _app = app;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A test host that starts the stack itself (and may only publish it) takes the start out of the host's hands.
        if (services.GetService<NativeOptionsConfiguration>() is { StartsStack: false })
        {
            await PrepareAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        await StartStackAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes (when the arguments ask for it) or starts every resource, returning once the stack has settled.</summary>
    public async Task StartStackAsync(CancellationToken cancellationToken)
    {
        var app = await PrepareAsync(cancellationToken).ConfigureAwait(false);
        // `publish --target compose|kubernetes|manifest|all`: the engine's writers over the lowered model; nothing starts.
        if (await app.TryPublishAsync(cancellationToken).ConfigureAwait(false))
        {
            services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            _published = true;
            return;
        }

        _forwarders.Add(AspireStateBridge.ForwardStatesAsync(app.ResourceNotifications, services.GetRequiredService<ResourceNotificationService>(), _lowered!, _stopping.Token));
        var loggers = services.GetRequiredService<ResourceLoggerService>();
        foreach (var (resource, native) in _nativeOf!)
            for (var replica = 0; replica < Native.Orchestration.RunContext.ReplicasOf(native); replica++)
                _forwarders.Add(AspireStateBridge.ForwardLogsAsync(app.ResourceLogs, loggers, resource,
                    Native.Orchestration.RunContext.InstanceName(native, replica), _stopping.Token));

        _forwarders.Add(StartupJitProfile.FinishAtFirstProcessAsync(app.ResourceNotifications, _stopping.Token));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Native.ModelValidationException e)
        {
            throw Fail(e);
        }
        catch (Native.StackStartException e)
        {
            // Already reported by the runner; what failed stays visible while the rest keep running, as with DCP.
            StartFailure = e;
        }
        StartupJitProfile.Finish(); // when no process started
    }

    private Native.DistributedApplicationOptions NativeOptions()
    {
        var aspireOptions = services.GetRequiredService<DistributedApplicationOptions>();
        var options = new Native.DistributedApplicationOptions
        {
            Args = aspireOptions.Args ?? [],
            AppHostAssembly = AppHostAssembly(),
            AppHostDirectory = services.GetRequiredService<NativeRuntimeSettings>().AppHostDirectory,
            // Aspire's testing builder asks for random ports so tests run beside a running stack: for the engine too, or
            // its validation would still refuse a model's fixed port that is taken (and its dashboard would take fixed ones).
            RandomizePorts = services.GetRequiredService<IConfiguration>().GetValue<bool>("DcpPublisher:RandomizePorts"),
        };
        // The AppHost's own settings (section Orchestration, or code), then a test host's, which has the last word.
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NativeRuntimeOptions>>().Value.ApplyTo(options);
        foreach (var configure in services.GetServices<NativeOptionsConfiguration>()) configure.Apply(options);
        return options;
    }

    /// <summary>
    /// The AppHost's assembly (its build recorded where the projects it runs are built): the one Aspire's options name
    /// (<c>AssemblyName</c>, as a model built outside its AppHost's Main sets it), else the application's name.
    /// </summary>
    private Assembly? AppHostAssembly()
    {
        var name = services.GetRequiredService<DistributedApplicationOptions>().AssemblyName ?? services.GetRequiredService<IHostEnvironment>().ApplicationName;
        try { return Assembly.Load(name); }
        catch (IOException) { return Assembly.GetEntryAssembly(); }
    }

    /// <summary>
    /// Aspire reads a parameter from configuration (<c>Parameters:{name}</c>) when first asked; the engine's value
    /// (configured, or generated once and kept per machine) goes there first, so both agree.
    /// </summary>
    private static void SeedParameters(Native.DistributedApplication app, ModelLowering lowering, IConfiguration configuration)
    {
        var values = app.Services.GetRequiredService<Native.Orchestration.ParameterValues>();
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
        if (_app is not null && !_published) await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as a hosted service: the container disposes it once for each.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null && !_published) await _app.DisposeAsync().ConfigureAwait(false);
        try { await Task.WhenAll(_forwarders).ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stopping.Dispose();
    }
}
