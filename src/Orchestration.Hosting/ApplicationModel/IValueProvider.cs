namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A value known only when the model is interpreted: an endpoint's port, a parameter, a connection string.
/// Each interpreter (the local runner, the compose and Kubernetes writers) supplies its own
/// <see cref="ValueResolver"/>, so the same model resolves to <c>127.0.0.1:54321</c> locally and to
/// <c>postgres:5432</c> in compose.
/// </summary>
internal interface IValueProvider
{
    /// <summary>Resolves the value with one interpreter's rules.</summary>
    ValueTask<string?> GetValueAsync(ValueResolver resolver, CancellationToken cancellationToken = default);
}

/// <summary>One interpreter's answer to the leaves of an expression.</summary>
internal abstract class ValueResolver
{
    /// <summary>A part of an endpoint (host, port, url, ...). <paramref name="replica"/> picks one replica's address.</summary>
    public abstract ValueTask<string> ResolveEndpointAsync(EndpointReference endpoint, EndpointProperty property, int replica, CancellationToken cancellationToken);

    /// <summary>A parameter's value (or, for a publisher, a reference to where it will come from).</summary>
    public abstract ValueTask<string?> ResolveParameterAsync(ParameterResource parameter, CancellationToken cancellationToken);
}
