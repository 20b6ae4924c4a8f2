namespace Orchestration.Hosting.Orchestration;

/// <summary>Commands on one resource (all its replicas) or one replica by its name, as the dashboard's buttons send them.</summary>
internal interface IResourceCommands
{
    /// <summary>Starts a stopped or exited resource; it waits for its dependencies again.</summary>
    Task StartResourceAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stops a resource (its stop signal, then SIGKILL after the grace period).</summary>
    Task StopResourceAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stops, then starts a resource.</summary>
    Task RestartResourceAsync(string name, CancellationToken cancellationToken = default);
}
