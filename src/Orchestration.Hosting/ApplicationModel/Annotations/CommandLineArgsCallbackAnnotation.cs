namespace Orchestration.Hosting.ApplicationModel;

/// <summary>Adds command-line arguments when a process is about to start.</summary>
internal sealed class CommandLineArgsCallbackAnnotation(Func<CommandLineArgsCallbackContext, Task> callback) : IResourceAnnotation
{
    /// <summary>The callback.</summary>
    public Func<CommandLineArgsCallbackContext, Task> Callback { get; } = callback;
}

/// <summary>What an argument callback fills in.</summary>
internal sealed class CommandLineArgsCallbackContext(IResource resource, IServiceProvider services, CancellationToken cancellationToken)
{
    /// <summary>The resource being started.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>Stops when the start is cancelled.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Each is a string or an <see cref="IValueProvider"/>.</summary>
    public List<object> Args { get; } = [];
}
