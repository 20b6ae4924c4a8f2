using System.Diagnostics;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// The local runner: validates the model, gives every endpoint a port, starts every resource in
/// parallel (each waits only for what it WaitFors), reports when the stack is ready, and stops it
/// in reverse dependency order.
/// </summary>
internal sealed class Orchestrator(
    DistributedApplicationModel model,
    DistributedApplicationOptions options,
    IServiceProvider services,
    ResourceNotificationService notifications,
    ResourceLogService logs,
    StackConsole console,
    ParameterValues parameters,
    AppHostDirectories directories) : IResourceCommands, IConnectionStringResolver, IResourceEnvironment, IAsyncDisposable
{
    private readonly EndpointAllocations _allocations = new();
    private readonly List<ResourceRunner> _runners = [];
    private readonly List<ReplicaProxy> _proxies = [];
    private readonly SemaphoreSlim _stopGate = new(1, 1);
    private LocalValueResolver? _resolver;
    private ProcessReaper? _reaper;
    private RunContext? _run;
    private bool _validated;

    public ResourceNotificationService Notifications => notifications;
    public ResourceLogService Logs => logs;
    public StackConsole Console => console;

    private LocalValueResolver Resolver => _resolver ?? throw new InvalidOperationException("The application has not been started.");

    /// <summary>
    /// The checks that need nothing but the model (names, references, cycles, ports, programs, parameters):
    /// made before the AppHost starts anything of its own (the dashboard), and without side effects.
    /// </summary>
    public void CheckModel()
    {
        if (_validated) return;
        if (StaticProblems() is { Count: > 0 } problems) throw new ModelValidationException(problems);
    }

    private List<string> StaticProblems()
    {
        var problems = ModelValidator.Validate(model, options);
        foreach (var parameter in model.Resources.OfType<ParameterResource>())
            if (parameters.Problem(parameter) is { } problem) problems.Add(problem);
        return problems;
    }

    /// <summary>
    /// Checks everything that can be checked before starting; throws <see cref="ModelValidationException"/> listing
    /// every problem. An invalid model writes nothing: generated parameter values are kept only once the whole
    /// model is valid, and a state folder the checks made is removed again.
    /// </summary>
    public void Validate()
    {
        if (_validated) return;
        var stateExisted = Directory.Exists(directories.StatePath);
        var problems = StaticProblems();
        AllocatePorts();
        // A broken expression (an unknown endpoint, a connection string without its value) is listed with
        // the rest, unless it only repeats a problem already named (a missing parameter).
        problems.AddRange(DryRunExpressions().Where(p => !problems.Any(known => p.Contains(known, StringComparison.Ordinal))));
        if (problems.Count == 0) problems.AddRange(StartReplicaProxies());
        if (problems.Count > 0)
        {
            if (!stateExisted) directories.ForgetNewState();
            throw new ModelValidationException(problems);
        }
        parameters.Commit();

        foreach (var resource in model.Resources)
        {
            if (resource is IProcessResource process)
                for (var i = 0; i < RunContext.ReplicasOf(resource); i++) _runners.Add(new ProcessRunner(RunContextFor(), process, i));
            else if (resource is IResourceWithParent child)
                _runners.Add(new ChildRunner(RunContextFor(), child));
        }
        foreach (var runner in _runners) notifications.Publish(runner.InitialSnapshot(EndpointsOf(runner.Resource, runner.Replica)));
        _validated = true;
    }

    /// <summary>
    /// Listens on every front port before anything starts, so a client started first (or a test) never finds it closed;
    /// a front port taken meanwhile is a problem like any taken port, and nothing listens then.
    /// </summary>
    private List<string> StartReplicaProxies()
    {
        var problems = new List<string>();
        foreach (var (resource, endpoint, front, replicas) in _allocations.Fronts(model.Resources))
        {
            try { _proxies.Add(ReplicaProxy.Start(front, replicas)); }
            catch (System.Net.Sockets.SocketException e)
            {
                problems.Add($"Port {front} for endpoint {resource.Name}/{endpoint} (in front of its {replicas.Count} replicas) cannot be listened on: {e.Message}. " +
                             $"Stop what listens there (see `ss -ltnp 'sport = :{front}'`) or choose another port.");
            }
        }
        if (problems.Count > 0) StopReplicaProxiesAsync().AsTask().GetAwaiter().GetResult();
        return problems;
    }

    private async ValueTask StopReplicaProxiesAsync()
    {
        foreach (var proxy in _proxies) await proxy.DisposeAsync().ConfigureAwait(false);
        _proxies.Clear();
    }

    private RunContext RunContextFor() => _run ??= new RunContext(options, services, notifications, logs, console, Resolver, Reaper());

    private ProcessReaper Reaper()
    {
        if (_reaper is not null) return _reaper;
        _reaper = new ProcessReaper();
        // Also a SIGKILL'd AppHost leaves no run folder (and no redis.conf with its password) behind.
        directories.WhenRunCreated(_reaper.RemoveAtEnd);
        return _reaper;
    }

    private void AllocatePorts()
    {
        var ports = new PortAllocator();
        int? Fixed(EndpointAnnotation e) => e.PreallocatedPort ?? (options.RandomizePorts ? null : e.FixedLocalPort);
        foreach (var r in model.Resources)
        foreach (var e in r.Annotations.OfType<EndpointAnnotation>())
            if (Fixed(e) is { } port) ports.Reserve(port);
        foreach (var r in model.Resources)
        foreach (var e in r.Annotations.OfType<EndpointAnnotation>())
        {
            var replicas = RunContext.ReplicasOf(r);
            // A port another orchestrator gave a replicated endpoint is the one address its clients know (Aspire's
            // allocated endpoint): a proxy listens there and each replica gets a port of its own behind it.
            if (replicas > 1 && e.PreallocatedPort is { } front) _allocations.SetFront(r, e.Name, front);
            for (var i = 0; i < replicas; i++)
                _allocations.Set(r, e.Name, i, replicas > 1 && e.PreallocatedPort is not null ? ports.Allocate() : Fixed(e) ?? ports.Allocate());
        }
        _resolver = new LocalValueResolver(_allocations, parameters);
    }

    /// <summary>Resolves every environment value, argument and connection string once, so a broken expression stops the run before anything starts.</summary>
    private List<string> DryRunExpressions()
    {
        var problems = new List<string>();
        foreach (var resource in model.Resources)
        {
            try
            {
                if (resource is IProcessResource process)
                    LaunchSpecBuilder.BuildAsync(process, 0, Resolver.For(resource, 0), services, CancellationToken.None).GetAwaiter().GetResult();
                if (resource is IResourceWithConnectionString withConnectionString)
                    withConnectionString.ConnectionStringExpression.GetValueAsync(Resolver).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is DistributedApplicationException or InvalidOperationException)
            {
                problems.Add($"Resource '{resource.Name}': {e.Message}");
            }
        }
        return problems;
    }

    private IReadOnlyList<EndpointSnapshot> EndpointsOf(IResource resource, int replica) =>
        [.. resource.Annotations.OfType<EndpointAnnotation>().Select(e => new EndpointSnapshot(e.Name,
            $"{e.UriScheme}://{LocalValueResolver.Host}:{_allocations.PortOf(resource, e.Name, replica)}"))];

    /// <summary>Starts everything and waits until the stack has settled; returns one line per failure (empty when all is well).</summary>
    public async Task<IReadOnlyList<string>> StartAsync(CancellationToken cancellationToken)
    {
        Validate();
        var clock = Stopwatch.StartNew();
        console.SetNames(_runners.Select(r => r.Name));
        foreach (var runner in _runners) runner.Start();

        while (true)
        {
            var changed = notifications.NextChangeAsync();
            var (pending, failures) = Settle();
            if (pending == 0)
            {
                var healthy = _runners.Count(r => r.Snapshot is { State: ResourceState.Running, ReadyAt: not null });
                var finished = _runners.Count(r => r.Snapshot.State == ResourceState.Finished);
                if (failures.Count == 0)
                    console.WriteInfo($"Stack ready: {healthy} resources healthy{(finished > 0 ? $", {finished} finished" : "")} in {clock.ElapsedMilliseconds} ms");
                else
                    console.WriteError($"Stack started with {failures.Count} failure{(failures.Count == 1 ? "" : "s")} after {clock.ElapsedMilliseconds} ms:"
                                       + string.Concat(failures.Select(f => $"{Environment.NewLine}  - {f}")));
                return failures;
            }
            // Also wake up now and then: "unhealthy for too long" is a matter of time, not of a change.
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private (int Pending, List<string> Failures) Settle()
    {
        var pending = 0;
        var failures = new List<string>();
        foreach (var s in _runners.Select(r => r.Snapshot))
        {
            if (s is { State: ResourceState.Running, ReadyAt: not null } or { State: ResourceState.Finished }) continue;
            if (s.IsTerminal) failures.Add($"{s.Name}: {s.State}{(s.Message is null ? "" : $" - {s.Message}")}");
            else if (s is { State: ResourceState.Running, StartedAt: { } started } && DateTimeOffset.UtcNow - started > options.WaitTimeout)
                failures.Add($"{s.Name}: not healthy {DependencyWaiter.Describe(options.WaitTimeout)} after it started - {s.HealthMessage ?? "no check passed"}");
            else pending++;
        }
        return (pending, failures);
    }

    /// <summary>Stops every resource: what depends on a resource (waits for it, references it, lives in it) stops first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_runners.Count == 0) return;
            var stopBefore = DependencyGraph.StopBefore(model.Resources);
            var tasks = new Dictionary<IResource, Task>();
            Task StopResource(IResource resource)
            {
                if (tasks.TryGetValue(resource, out var existing)) return existing;
                var dependents = stopBefore[resource].Select(StopResource).ToList();
                return tasks[resource] = StopAfterAsync(dependents, RunnersOf(resource.Name));
            }
            await Task.WhenAll(model.Resources.Select(StopResource)).ConfigureAwait(false);
        }
        finally
        {
            _stopGate.Release();
        }
    }

    private static async Task StopAfterAsync(List<Task> dependents, IReadOnlyList<ResourceRunner> runners)
    {
        await Task.WhenAll(dependents).ConfigureAwait(false);
        await Task.WhenAll(runners.Select(r => r.StopAsync())).ConfigureAwait(false);
    }

    private IReadOnlyList<ResourceRunner> RunnersOf(string name) => [.. _runners.Where(r => r.Resource.Name == name || r.Name == name)];

    private IReadOnlyList<ResourceRunner> CommandTargets(string name)
    {
        var runners = RunnersOf(name);
        return runners.Count > 0 ? runners : throw new DistributedApplicationException($"There is no running resource named '{name}'.");
    }

    public Task StartResourceAsync(string name, CancellationToken cancellationToken = default)
    {
        foreach (var runner in CommandTargets(name)) runner.Start();
        return Task.CompletedTask;
    }

    public Task StopResourceAsync(string name, CancellationToken cancellationToken = default)
        => Task.WhenAll(CommandTargets(name).Select(r => r.StopAsync()));

    public async Task RestartResourceAsync(string name, CancellationToken cancellationToken = default)
    {
        await StopResourceAsync(name, cancellationToken).ConfigureAwait(false);
        await StartResourceAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var resource = model.Find(resourceName) as IResourceWithConnectionString
            ?? throw new DistributedApplicationException($"Resource '{resourceName}' has no connection string.");
        return await resource.ConnectionStringExpression.GetValueAsync(Resolver, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<EnvironmentVariableSnapshot>?> GetEnvironmentAsync(string name, CancellationToken cancellationToken = default)
    {
        _ = Resolver; // before validation: throws, as documented
        if (_runners.FirstOrDefault(r => r.Name == name) is not { Resource: IProcessResource process } runner) return null;
        return await LaunchSpecBuilder.DescribeEnvironmentAsync(process, runner.Replica, Resolver.For(process, runner.Replica), services, cancellationToken).ConfigureAwait(false);
    }

    public Uri GetEndpoint(string resourceName, string endpointName)
    {
        var resource = model.Find(resourceName) as IResourceWithEndpoints
            ?? throw new DistributedApplicationException($"Resource '{resourceName}' has no endpoints.");
        var url = Resolver.ResolveEndpointAsync(new EndpointReference(resource, endpointName), EndpointProperty.Url, 0, CancellationToken.None).GetAwaiter().GetResult();
        return new Uri(url);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await StopReplicaProxiesAsync().ConfigureAwait(false);
        _reaper?.Dispose();
        _reaper = null;
    }
}
