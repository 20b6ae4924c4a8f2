namespace Orchestration.Hosting.ApplicationModel;

/// <summary>Adds environment variables when a process is about to start.</summary>
public sealed class EnvironmentCallbackAnnotation(Func<EnvironmentCallbackContext, Task> callback) : IResourceAnnotation
{
    /// <summary>The callback.</summary>
    public Func<EnvironmentCallbackContext, Task> Callback { get; } = callback;
}

/// <summary>What an environment callback fills in.</summary>
public sealed class EnvironmentCallbackContext(IResource resource, IServiceProvider services, CancellationToken cancellationToken)
{
    /// <summary>The resource being started.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>Stops when the start is cancelled.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Values are strings or <see cref="IValueProvider"/>s; each interpreter resolves them.</summary>
    public Dictionary<string, object> EnvironmentVariables { get; } = new(StringComparer.Ordinal);
}
