using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Publishing;

/// <summary>The model as deployment targets see it: services in the order they were added, and every parameter.</summary>
internal sealed record PublishedModel(IReadOnlyList<PublishedService> Services, IReadOnlyList<ParameterResource> Parameters, string AppHostDirectory)
{
    public PublishedService? Find(string name) => Services.FirstOrDefault(s => s.Name == name);

    /// <summary>A one-shot: a setup container, or what something waits for with WaitForCompletion (a compose service that is not restarted, a Kubernetes Job).</summary>
    public bool RunsToCompletion(PublishedService service)
        => service.SetupOf is not null || Services.Any(s => s.Waits.Any(w => w.Service == service.Name && w.Type == WaitType.UntilCompleted));

    /// <summary>
    /// Reads the model. Resources without a process (databases, buckets) fold into their servers; a
    /// resource that has no container form is an error naming it, not a silent gap in the output.
    /// </summary>
    public static async Task<PublishedModel> CreateAsync(DistributedApplicationModel model, IServiceProvider services, string appHostDirectory, CancellationToken cancellationToken)
    {
        var published = new List<PublishedService>();
        var problems = new List<string>();
        var setups = new Dictionary<string, string>(StringComparer.Ordinal); // resource → its setup service
        foreach (var resource in model.Resources)
        {
            if (resource is ParameterResource or IResourceWithParent || resource is not (IProcessResource or ContainerResource)) continue;
            var runtime = resource.Annotations.Last<ContainerRuntimeAnnotation>()
                ?? (resource is ContainerResource ? new ContainerRuntimeAnnotation { KeepsEnvironmentCallbacks = true } : null);
            var image = runtime?.Build is { } build ? $"{build.Image}:{build.Tag}" : resource.Annotations.Last<ContainerImageAnnotation>()?.Reference;
            if (runtime is null || image is null)
            {
                problems.Add($"Resource '{resource.Name}' ({resource.GetType().Name}) has no container form: add a ContainerImageAnnotation and a ContainerRuntimeAnnotation, or use AddContainer.");
                continue;
            }
            published.Add(new PublishedService(
                resource,
                image,
                runtime,
                await EnvironmentOfAsync(resource, runtime, services, cancellationToken).ConfigureAwait(false),
                [.. resource.Annotations.OfType<EndpointAnnotation>()],
                [.. resource.Annotations.OfType<ContainerMountAnnotation>()],
                runtime.ConfigFiles?.Invoke() ?? [],
                resource.Annotations.OfType<HealthCheckAnnotation>().Select(h => h.Probe).LastOrDefault(p => p is not null),
                [.. resource.Annotations.OfType<WaitAnnotation>().Select(w => new PublishedWait(Root(w.Target).Name, w.Type)).Distinct()],
                [.. resource.Annotations.OfType<ReferenceAnnotation>().Select(r => Root(r.Target).Name).Distinct()],
                resource.Annotations.Last<ReplicaAnnotation>()?.Replicas ?? 1));
            if (runtime.Setup?.Invoke() is { } setup)
            {
                if (model.Find(SetupName(resource)) is not null)
                    problems.Add($"Resource '{resource.Name}' has a setup container, published as '{SetupName(resource)}', but the model has a resource of that name; rename it.");
                else
                {
                    published.Add(await SetupServiceAsync(resource, setup, services, cancellationToken).ConfigureAwait(false));
                    setups[resource.Name] = SetupName(resource);
                }
            }
        }
        if (problems.Count > 0) throw new DistributedApplicationException(string.Join(Environment.NewLine, problems));
        return new PublishedModel(WaitForSetups(published, setups), [.. model.Resources.OfType<ParameterResource>()], appHostDirectory);
    }

    private static string SetupName(IResource resource) => $"{resource.Name}-setup";

    /// <summary>A resource's setup as a service of its own: its image and command, after the resource is healthy, reaching it.</summary>
    private static async Task<PublishedService> SetupServiceAsync(IResource parent, ContainerSetup setup, IServiceProvider services, CancellationToken cancellationToken)
    {
        var resource = new ContainerResource(SetupName(parent));
        var runtime = new ContainerRuntimeAnnotation
        {
            Entrypoint = setup.Command,
            Environment = setup.Environment,
            RunAsUser = setup.RunAsUser,
            Resources = setup.Resources,
        };
        resource.Annotations.Add(setup.Image);
        resource.Annotations.Add(runtime);
        return new PublishedService(resource, setup.Image.Reference, runtime,
            await EnvironmentOfAsync(resource, runtime, services, cancellationToken).ConfigureAwait(false),
            [], [], [], null, [new PublishedWait(parent.Name, WaitType.UntilHealthy)], [parent.Name], 1)
        {
            SetupOf = parent.Name,
            ReadyCheck = setup.ReadyCheck,
        };
    }

    /// <summary>
    /// Whatever waits for a resource with a setup also waits for the setup to complete: locally, nothing that
    /// waits starts before the resource's ready callback ran (its buckets exist).
    /// </summary>
    private static List<PublishedService> WaitForSetups(List<PublishedService> services, Dictionary<string, string> setups)
    {
        IEnumerable<PublishedWait> Expand(PublishedService service, PublishedWait wait) =>
            wait.Type == WaitType.UntilHealthy && setups.TryGetValue(wait.Service, out var setup) && setup != service.Name
                ? [wait, new PublishedWait(setup, WaitType.UntilCompleted)]
                : [wait];
        return [.. services.Select(s => s with { Waits = [.. s.Waits.SelectMany(w => Expand(s, w)).Distinct()] })];
    }

    private static IResource Root(IResource resource) => resource is IResourceWithParent child ? Root(child.Parent) : resource;

    private static async Task<IReadOnlyList<KeyValuePair<string, object>>> EnvironmentOfAsync(IResource resource, ContainerRuntimeAnnotation runtime, IServiceProvider services, CancellationToken cancellationToken)
    {
        var context = new EnvironmentCallbackContext(resource, services, cancellationToken);
        if (runtime.KeepsEnvironmentCallbacks)
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                if (endpoint.EnvironmentVariable is { } name)
                    context.EnvironmentVariables[name] = new EndpointReference((IResourceWithEndpoints)resource, endpoint.Name).Property(EndpointProperty.TargetPort);
            }
            foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
                await callback.Callback(context).ConfigureAwait(false);
        }
        runtime.Environment?.Invoke(context.EnvironmentVariables);
        // Sorted: the output must not depend on the order callbacks happened to run in.
        return [.. context.EnvironmentVariables.OrderBy(e => e.Key, StringComparer.Ordinal)];
    }
}
