namespace Orchestration.Hosting.ApplicationModel;

/// <summary>The parts of an endpoint an expression can use.</summary>
internal enum EndpointProperty
{
    /// <summary><c>scheme://host:port</c>.</summary>
    Url,
    /// <summary>The host name or address clients use.</summary>
    Host,
    /// <summary>The port clients use.</summary>
    Port,
    /// <summary><c>host:port</c>.</summary>
    HostAndPort,
    /// <summary>The URI scheme (<c>http</c>, <c>tcp</c>, ...).</summary>
    Scheme,
    /// <summary>The port the process itself listens on (differs from <see cref="Port"/> behind a proxy or in a container).</summary>
    TargetPort,
}

/// <summary>A named endpoint of a resource; resolves to its URL. Use <see cref="Property"/> for one part.</summary>
internal sealed class EndpointReference(IResourceWithEndpoints resource, string endpointName) : IValueProvider
{
    /// <summary>The resource that owns the endpoint.</summary>
    public IResourceWithEndpoints Resource { get; } = resource;

    /// <summary>The endpoint's name (<c>http</c>, <c>tcp</c>, ...).</summary>
    public string EndpointName { get; } = endpointName;

    /// <summary>The endpoint's definition. Throws a clear error when the resource has no such endpoint.</summary>
    public EndpointAnnotation Annotation => Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == EndpointName)
        ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{EndpointName}'.");

    /// <summary>Whether the resource declares this endpoint.</summary>
    public bool Exists => Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == EndpointName);

    /// <summary>One part of the endpoint, as a deferred value.</summary>
    public EndpointReferenceExpression Property(EndpointProperty property) => new(this, property);

    /// <inheritdoc />
    public async ValueTask<string?> GetValueAsync(ValueResolver resolver, CancellationToken cancellationToken = default)
        => await resolver.ResolveEndpointAsync(this, EndpointProperty.Url, 0, cancellationToken).ConfigureAwait(false);
}

/// <summary>One part of an endpoint as a deferred value.</summary>
internal sealed class EndpointReferenceExpression(EndpointReference endpoint, EndpointProperty property, int replica = 0) : IValueProvider
{
    /// <summary>The endpoint.</summary>
    public EndpointReference Endpoint { get; } = endpoint;

    /// <summary>Which part of it.</summary>
    public EndpointProperty Property { get; } = property;

    /// <summary>Which replica's address (0 for the first).</summary>
    public int Replica { get; } = replica;

    /// <inheritdoc />
    public async ValueTask<string?> GetValueAsync(ValueResolver resolver, CancellationToken cancellationToken = default)
        => await resolver.ResolveEndpointAsync(Endpoint, Property, Replica, cancellationToken).ConfigureAwait(false);
}
