namespace Orchestration.Hosting.ApplicationModel;

/// <summary>Adds environment variables when a process is about to start.</summary>
internal sealed class EnvironmentCallbackAnnotation(Func<EnvironmentCallbackContext, Task> callback) : IResourceAnnotation
{
    /// <summary>The callback.</summary>
    public Func<EnvironmentCallbackContext, Task> Callback { get; } = callback;
}

/// <summary>What an environment callback fills in.</summary>
internal sealed class EnvironmentCallbackContext(IResource resource, IServiceProvider services, CancellationToken cancellationToken)
{
    /// <summary>The resource being started.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>Which copy is being started: 0 for the first (see <c>WithReplicas</c>).</summary>
    public int Replica { get; init; }

    /// <summary>
    /// The copy's name, as the console and the dashboard show it: the resource's name with one copy,
    /// <c>api-0</c>, <c>api-1</c>, ... with more. Telemetry uses it as <c>service.instance.id</c>.
    /// </summary>
    public string InstanceName { get; init; } = resource.Name;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>Stops when the start is cancelled.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Values are strings or <see cref="IValueProvider"/>s; each interpreter resolves them.</summary>
    public Dictionary<string, object> EnvironmentVariables { get; } = new(StringComparer.Ordinal);
}
