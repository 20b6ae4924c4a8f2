using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting;
using Orchestration.NativeRuntime.Recipes;
using Native = Orchestration.Hosting;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>
/// Lowers Aspire's model into the engine's plan: each executable and project becomes a native process,
/// each container with a recipe its native server, each resource inside another a child. Aspire's callbacks
/// run at each launch and their values are translated into the engine's expressions (one evaluator for the
/// run and the writers); waits, health checks and events keep Aspire's meaning. Problems are collected, not
/// thrown, so validation names them all.
/// </summary>
internal sealed class ModelLowering
{
    private readonly Native.IDistributedApplicationBuilder _native;
    private readonly IServiceProvider _services;
    private readonly DistributedApplicationExecutionContext _execution;
    private readonly IDistributedApplicationEventing _eventing;
    private readonly IConfiguration _configuration;
    private readonly IReadOnlyList<INativeRecipe> _recipes;
    private readonly AspireHealthChecks _healthChecks;
    private readonly Dictionary<IResource, NativeModel.IResource> _lowered = [];
    private readonly Dictionary<string, NativeModel.IResourceBuilder<NativeModel.ParameterResource>> _parameters = new(StringComparer.Ordinal);
    private readonly HashSet<IResource> _recipeMade = [];
    private readonly HashSet<IResource> _model = [];

    public ModelLowering(Native.IDistributedApplicationBuilder native, IServiceProvider aspireServices)
    {
        _native = native;
        _services = aspireServices;
        _execution = aspireServices.GetRequiredService<DistributedApplicationExecutionContext>();
        _eventing = aspireServices.GetRequiredService<IDistributedApplicationEventing>();
        _configuration = aspireServices.GetRequiredService<Running.NativeRuntimeSettings>().ParameterConfiguration;
        _recipes = [.. aspireServices.GetServices<INativeRecipe>()];
        _healthChecks = new AspireHealthChecks(aspireServices);
        _values = new AspireValueTranslator(r => _lowered.GetValueOrDefault(r), p => ParameterFor(p).Resource);
    }

    private readonly AspireValueTranslator _values;

    /// <summary>Whether the model is only written out (<c>publish</c>), never run: containers need no native recipe then.</summary>
    public bool Publishing { get; init; }

    /// <summary>What could not be lowered (a container without a recipe, a name the engine refuses, ...).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Each lowered Aspire resource and its counterpart in the engine's model.</summary>
    public IReadOnlyDictionary<IResource, NativeModel.IResource> Lowered => _lowered;

    /// <summary>Aspire's parameters the model reads, by name, with the engine's parameter that holds the value.</summary>
    public IReadOnlyDictionary<string, NativeModel.IResourceBuilder<NativeModel.ParameterResource>> Parameters => _parameters;

    public async Task LowerAsync(IReadOnlyList<IResource> resources, CancellationToken cancellationToken)
    {
        _model.UnionWith(resources);
        // A resource started only on request (Aspire's per-project "rebuilder") is not run: nothing here asks for it.
        resources = [.. resources.Where(r => !r.Annotations.OfType<ExplicitStartupAnnotation>().Any())];
        // Processes first, so a container's recipe can point at them (a gateway's routes); children once
        // their parents exist, unless a recipe claimed them; then what refers to other resources.
        foreach (var resource in resources.Where(r => r is not ContainerResource and not IResourceWithParent))
            await Try(resource, () => LowerResourceAsync(resource, resources, cancellationToken)).ConfigureAwait(false);
        foreach (var container in resources.OfType<ContainerResource>())
            await Try(container, () => LowerResourceAsync(container, resources, cancellationToken)).ConfigureAwait(false);
        foreach (var child in resources.OfType<IResourceWithParent>().Where(c => !_lowered.ContainsKey(c)))
            await Try(child, () => { LowerChild(child); return Task.CompletedTask; }).ConfigureAwait(false);
        foreach (var (aspire, native) in _lowered)
        {
            ReplicaLowering.Lower(aspire, native, _recipeMade.Contains(aspire), Problems);
            LowerWaits(aspire, native);
            LowerReferences(aspire, native);
            LowerHealthChecks(aspire, native);
            LowerEvents(aspire, native);
            foreach (var carried in aspire.Annotations.OfType<global::Aspire.Hosting.NativeAnnotation>()) native.Annotations.Add(carried.Annotation);
        }
        foreach (var configuration in _services.GetServices<NativeBuilderConfiguration>()) configuration.Apply(_native);
        // Processes were lowered first; the writers list services in the order the AppHost names them.
        var rank = new Dictionary<NativeModel.IResource, int>();
        for (var i = 0; i < resources.Count; i++)
            if (_lowered.TryGetValue(resources[i], out var lowered)) rank[lowered] = i;
        if (_native is Native.DistributedApplicationBuilder builder) builder.Reorder(r => rank.TryGetValue(r, out var i) ? i : null);
    }

    private async Task Try(IResource resource, Func<Task> lower)
    {
        try { await lower().ConfigureAwait(false); }
        catch (Native.DistributedApplicationException e) { Problems.Add(e.Message); }
        catch (global::Aspire.Hosting.DistributedApplicationException e) { Problems.Add(e.Message); }
        catch (InvalidOperationException e) { Problems.Add($"Resource '{resource.Name}': {e.Message}"); }
    }

    private async Task LowerResourceAsync(IResource resource, IReadOnlyList<IResource> resources, CancellationToken cancellationToken)
    {
        if (_recipes.FirstOrDefault(r => r.Matches(resource)) is { } recipe)
        {
            var environment = await AspireCallbacks.EnvironmentAsync(resource, _execution, cancellationToken).ConfigureAwait(false);
            var children = resources.Where(r => r is IResourceWithParent child && child.Parent == resource).ToList();
            var native = recipe.Lower(new RecipeContext(resource, children, _native, environment, ParameterFor,
                r => _lowered.GetValueOrDefault(r), (child, counterpart) => { _lowered[child] = counterpart; _recipeMade.Add(child); }));
            _lowered[resource] = native.Resource;
            _recipeMade.Add(resource);
            // An executable's recipe gets Aspire's endpoints, environment and arguments; a container's is all there is.
            if (resource is not ContainerResource && native.Resource is NativeModel.IProcessResource process)
                LowerProcess(resource, _native.CreateResourceBuilder(process));
            else
                UsePortsAllocated(resource, native.Resource);
            return;
        }
        switch (resource)
        {
            case ProjectResource project:
                LowerProcess(project, _native.AddProject(project.Name, project.GetProjectMetadata().ProjectPath));
                break;
            case ExecutableResource executable:
                LowerProcess(executable, _native.AddExecutable(executable.Name, executable.Command, executable.WorkingDirectory));
                break;
            case ContainerResource container when Publishing:
                LowerContainerForPublishing(container);
                break;
            case ContainerResource container:
                Problems.Add($"Container '{container.Name}' (image {NativeRecipes.DescribeImage(container)}) has no native recipe, and no container engine runs here. " +
                             $"Native recipes exist for: {string.Join(", ", _recipes.Select(r => r.Name))}. Ways out: run the program as an executable " +
                             "(builder.AddExecutable), or run the AppHost with --runtime dcp on a machine with a container engine.");
                break;
        }
    }

    private void LowerProcess<T>(IResource aspire, NativeModel.IResourceBuilder<T> native) where T : NativeModel.IResourceWithEndpoints, NativeModel.IResourceWithEnvironment
    {
        // Declared as the model declares it (publishers read that); Aspire's own callbacks pass the port on (env: "PORT").
        foreach (var endpoint in aspire.Annotations.OfType<EndpointAnnotation>())
            native.WithEndpoint(port: endpoint.Port, targetPort: endpoint.TargetPort, scheme: endpoint.UriScheme, name: endpoint.Name);
        UsePortsAllocated(aspire, native.Resource);
        native.WithEnvironment(async context =>
        {
            var exportsToAspire = aspire.Annotations.OfType<OtlpExporterAnnotation>().Any();
            foreach (var (name, value) in await AspireCallbacks.EnvironmentAsync(aspire, _execution, context.CancellationToken).ConfigureAwait(false))
            {
                // Aspire points OTLP at its own dashboard (with its API key); the engine's dashboard sets its own.
                if (exportsToAspire && name.StartsWith("OTEL_", StringComparison.Ordinal)) continue;
                // Aspire asks for colored logs, which its dashboard renders; a console line of the engine shows them escaped.
                if (name == "DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION") continue;
                context.EnvironmentVariables[name] = value is string s ? s : _values.Translate(value);
            }
        });
        native.WithAnnotation(new NativeModel.CommandLineArgsCallbackAnnotation(async context =>
        {
            foreach (var arg in await AspireCallbacks.ArgsAsync(aspire, context.CancellationToken).ConfigureAwait(false))
                context.Args.Add(arg is string s ? s : _values.Translate(arg));
        }));
        _lowered[aspire] = native.Resource;
    }

    /// <summary>
    /// A container without a recipe, when the model is only written out: the writers take its image, ports, environment,
    /// arguments and mounts as the model gives them. A local run refuses it before anything starts (no container engine).
    /// </summary>
    private void LowerContainerForPublishing(ContainerResource container)
    {
        var image = container.Annotations.OfType<ContainerImageAnnotation>().Last();
        var native = _native.AddContainer(container.Name, image.Registry is { } registry ? $"{registry}/{image.Image}" : image.Image, image.Tag ?? "latest");
        foreach (var mount in container.Annotations.OfType<ContainerMountAnnotation>())
        {
            if (mount.Type == ContainerMountType.Volume) native.WithVolume(mount.Source, mount.Target, mount.IsReadOnly);
            else if (mount.Source is { } source) native.WithBindMount(source, mount.Target, mount.IsReadOnly);
        }
        LowerProcess(container, native);
    }

    /// <summary>
    /// The local run binds each endpoint where Aspire was told it is (<see cref="AllocatedEndpoint"/>), so Aspire's
    /// own code (health checks, connection strings it evaluates) and the engine agree.
    /// </summary>
    private static void UsePortsAllocated(IResource aspire, NativeModel.IResource native)
    {
        foreach (var endpoint in aspire.Annotations.OfType<EndpointAnnotation>())
            if (endpoint.AllocatedEndpoint is { } allocated && native.Annotations.OfType<NativeModel.EndpointAnnotation>().FirstOrDefault(e => e.Name == endpoint.Name) is { } counterpart)
                counterpart.PreallocatedPort = allocated.Port;
    }

    private void LowerChild(IResourceWithParent child)
    {
        if (!_lowered.TryGetValue(child.Parent, out var parent)) return; // its parent runs nowhere: nothing to run
        var type = child.GetType().Name;
        _lowered[child] = _native.AddResource(new LoweredChildResource(child.Name, type.EndsWith("Resource", StringComparison.Ordinal) ? type[..^8] : type, parent)).Resource;
    }

    /// <summary>What a resource references (WithReference): the writers let it through the network policies and list it.</summary>
    private void LowerReferences(IResource aspire, NativeModel.IResource native)
    {
        foreach (var relationship in aspire.Annotations.OfType<ResourceRelationshipAnnotation>().Where(r => r.Type == "Reference"))
            if (IsForeignProcess(relationship.Resource))
                Problems.Add($"Resource '{aspire.Name}' references '{relationship.Resource.Name}', which is not part of this application; add it to the same builder.");
            else if (_lowered.TryGetValue(relationship.Resource, out var target) && !native.Annotations.OfType<NativeModel.ReferenceAnnotation>().Any(r => r.Target == target))
                native.Annotations.Add(new NativeModel.ReferenceAnnotation(target));
    }

    /// <summary>
    /// A process or container of another builder: it would never start. (A parameter outside the model is normal: an
    /// integration's generated password is held by its resource, not added to the model.)
    /// </summary>
    private bool IsForeignProcess(IResource resource)
        => resource is ExecutableResource or ProjectResource or ContainerResource && !_model.Contains(resource);

    private void LowerWaits(IResource aspire, NativeModel.IResource native)
    {
        foreach (var wait in aspire.Annotations.OfType<WaitAnnotation>())
        {
            // Aspire's WaitFor accepts a resource of another builder, which then never starts: say so before anything starts.
            if (IsForeignProcess(wait.Resource))
            {
                Problems.Add($"Resource '{aspire.Name}' waits for '{wait.Resource.Name}', which is not part of this application; add it to the same builder.");
                continue;
            }
            // A wait on a resource that does not run (a parameter, a connection string) is satisfied at once.
            if (!_lowered.TryGetValue(wait.Resource, out var target)) continue;
            native.Annotations.Add(wait.WaitType == WaitType.WaitForCompletion
                ? new NativeModel.WaitAnnotation(target, NativeModel.WaitType.UntilCompleted, wait.ExitCode)
                : new NativeModel.WaitAnnotation(target, NativeModel.WaitType.UntilHealthy));
        }
    }

    private void LowerHealthChecks(IResource aspire, NativeModel.IResource native)
    {
        // Aspire's health checks decide where it has any, also over what a recipe made; the recipe's own checks
        // stay where it has none. The recipe's probe form (pg_isready, redis-cli ping) is kept for the writers.
        NativeModel.HealthProbe? recipeProbe = null;
        if (_recipeMade.Contains(aspire) && aspire.Annotations.OfType<HealthCheckAnnotation>().Any())
        {
            recipeProbe = native.Annotations.OfType<NativeModel.HealthCheckAnnotation>().Select(h => h.Probe).FirstOrDefault(p => p is not null);
            native.Annotations.RemoveAll(a => a is NativeModel.HealthCheckAnnotation);
        }
        // A TCP check (ours: Aspire has none) is the engine's own, probe form included.
        if (native is NativeModel.IResourceWithEndpoints tcpCheckable)
            foreach (var tcp in aspire.Annotations.OfType<global::Aspire.Hosting.TcpHealthCheckAnnotation>())
                _native.CreateResourceBuilder(tcpCheckable).WithTcpHealthCheck(tcp.EndpointName);
        foreach (var check in aspire.Annotations.OfType<HealthCheckAnnotation>())
        {
            // Aspire's check of a replicated resource goes through the one address (the proxy): the engine checks each
            // replica on its own port instead (the engine's own HTTP check: a resource resolves its own endpoint to the replica
            // being checked), so a replica is ready when it is, not when another one answered.
            var http = HealthProbes.FromHttpCheckKey(aspire, check.Key);
            if (ReplicaLowering.IsReplicated(native) && http is not null && native is NativeModel.IResourceWithEndpoints withEndpoints)
            {
                _native.CreateResourceBuilder(withEndpoints).WithHttpHealthCheck(http.Path, http.StatusCode, http.EndpointName);
                continue;
            }
            var probe = HealthProbes.For(aspire, check.Key) ?? recipeProbe;
            recipeProbe = null;
            var port = ListeningPortFor(aspire, http);
            native.Annotations.Add(new NativeModel.HealthCheckAnnotation(check.Key, (_, ct) => _healthChecks.CheckAsync(check.Key, port, ct), probe));
        }
    }

    /// <summary>
    /// The port a check waits to accept connections before it runs: a recipe's server's first endpoint, or the endpoint
    /// Aspire's HTTP check asks; none for other checks, which may check anything.
    /// </summary>
    private int? ListeningPortFor(IResource aspire, NativeModel.HttpHealthProbe? http)
    {
        var endpoints = aspire.Annotations.OfType<EndpointAnnotation>();
        if (_recipeMade.Contains(aspire)) return endpoints.FirstOrDefault()?.AllocatedEndpoint?.Port;
        return http is null ? null : endpoints.FirstOrDefault(e => e.Name == http.EndpointName)?.AllocatedEndpoint?.Port;
    }

    private void LowerEvents(IResource aspire, NativeModel.IResource native)
    {
        // ResourceReadyEvent (Postgres creates its databases on it) is Aspire's health service's to publish: it
        // also records it in the resource's snapshot, which WaitForResourceHealthyAsync waits for.
        native.Annotations.Add(new NativeModel.BeforeStartAnnotation(context =>
            _eventing.PublishAsync(new BeforeResourceStartedEvent(aspire, _services), context.CancellationToken)));
    }

    /// <summary>
    /// Finds every Aspire parameter the model reads (in environments, arguments and connection strings) and
    /// gives each its engine parameter, so all are validated and their values known before anything starts.
    /// </summary>
    public async Task DiscoverParametersAsync(IReadOnlyList<IResource> resources, CancellationToken cancellationToken)
    {
        // Every parameter of the model, also one nothing reads yet: Aspire asks for each missing value at start, the engine names it.
        foreach (var parameter in resources.OfType<ParameterResource>()) ParameterFor(parameter);
        foreach (var resource in resources.Where(_lowered.ContainsKey))
        {
            var values = new List<object>();
            await Try(resource, async () =>
            {
                values.AddRange((await AspireCallbacks.EnvironmentAsync(resource, _execution, cancellationToken).ConfigureAwait(false)).Values);
                values.AddRange(await AspireCallbacks.ArgsAsync(resource, cancellationToken).ConfigureAwait(false));
            }).ConfigureAwait(false);
            if (resource is IResourceWithConnectionString withConnectionString) values.Add(withConnectionString.ConnectionStringExpression);
            foreach (var parameter in values.SelectMany(AspireValue.ParametersIn).Distinct()) ParameterFor(parameter);
        }
    }

    /// <summary>
    /// The engine's parameter for an Aspire value: the same Aspire parameter under its own name (its configured
    /// value, else its default — generated ones kept per machine), or a fixed value under <paramref name="name"/>.
    /// </summary>
    private NativeModel.IResourceBuilder<NativeModel.ParameterResource> ParameterFor(string name, object value)
    {
        if (value is ParameterResource parameter) return ParameterFor(parameter);
        return _parameters.TryGetValue(name, out var existing) ? existing
            : _parameters[name] = _native.AddParameter(name, value is string s ? new NativeModel.ConstantParameterDefault(s) : new AspireValueDefault(value), secret: true);
    }

    public NativeModel.IResourceBuilder<NativeModel.ParameterResource> ParameterFor(ParameterResource parameter)
    {
        if (_parameters.TryGetValue(parameter.Name, out var existing)) return existing;
        NativeModel.ParameterDefault? @default = _configuration[ConfigurationKey(parameter)] is { } configured
            ? new NativeModel.ConstantParameterDefault(configured)
            : parameter.Default is { } aspireDefault ? GeneratedAspireParameterDefault.For(aspireDefault)
            : FixedValue(parameter) is { } value ? new NativeModel.ConstantParameterDefault(value) : null;
        return _parameters[parameter.Name] = @default is null
            ? _native.AddParameter(parameter.Name, parameter.Secret)
            : _native.AddParameter(parameter.Name, @default, parameter.Secret);
    }

    /// <summary>
    /// The value a parameter was given in code (<c>AddParameter("greeting", "hello")</c>): Aspire's own callback, asked only
    /// when neither configuration nor a default has one. A parameter read from configuration has none here (Aspire's
    /// callback says it is missing), and the engine's validation names it with where to set it.
    /// </summary>
    private static string? FixedValue(ParameterResource parameter)
    {
        try
        {
            var value = parameter.GetValueAsync(CancellationToken.None);
            return value.IsCompletedSuccessfully ? value.Result : null; // a value still to be asked for is not a fixed one
        }
        catch (global::Aspire.Hosting.DistributedApplicationException)
        {
            return null;
        }
    }

    /// <summary>Where Aspire reads the parameter's value: <c>ConnectionStrings:{name}</c> for <c>AddConnectionString</c>'s, else <c>Parameters:{name}</c>.</summary>
    private static string ConfigurationKey(ParameterResource parameter)
        => parameter.IsConnectionString ? $"ConnectionStrings:{parameter.Name}" : $"Parameters:{parameter.Name}";
}
