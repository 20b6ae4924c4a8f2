namespace Orchestration.Hosting.ApplicationModel;

/// <summary>Runs just before a resource's process starts (its dependencies are ready): prepare folders, write config.</summary>
internal sealed class BeforeStartAnnotation(Func<ResourceEventContext, Task> callback) : IResourceAnnotation
{
    /// <summary>The callback.</summary>
    public Func<ResourceEventContext, Task> Callback { get; } = callback;
}

/// <summary>
/// Runs once a resource first becomes healthy, before anything that waits for it starts:
/// create databases, buckets, seed data.
/// </summary>
internal sealed class ResourceReadyAnnotation(Func<ResourceEventContext, Task> callback) : IResourceAnnotation
{
    /// <summary>The callback.</summary>
    public Func<ResourceEventContext, Task> Callback { get; } = callback;
}

/// <summary>What a lifecycle callback gets.</summary>
internal sealed class ResourceEventContext(IResource resource, ValueResolver resolver, IServiceProvider services, CancellationToken cancellationToken)
{
    /// <summary>The resource.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>Resolves endpoints and parameters to their local values.</summary>
    public ValueResolver Resolver { get; } = resolver;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>Stops when the stack stops.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
}
