namespace Orchestration.Hosting.Orchestration;

/// <summary>The lifecycle states users of Aspire know.</summary>
internal enum ResourceState
{
    /// <summary>Not started yet (or stopped by a command).</summary>
    NotStarted,
    /// <summary>Waiting for dependencies.</summary>
    Waiting,
    /// <summary>Its process is being launched.</summary>
    Starting,
    /// <summary>Its process runs (see the health for whether it is ready).</summary>
    Running,
    /// <summary>Asked to stop; waiting for the process to exit.</summary>
    Stopping,
    /// <summary>The process exited with a non-zero code, or was stopped.</summary>
    Exited,
    /// <summary>The process ran to completion with exit code 0.</summary>
    Finished,
    /// <summary>It could not be started: a dependency failed or timed out, or the launch failed.</summary>
    FailedToStart,
}

/// <summary>What the health checks say.</summary>
internal enum ResourceHealth
{
    /// <summary>Not checked yet, or not running.</summary>
    Unknown,
    /// <summary>Every check passes.</summary>
    Healthy,
    /// <summary>A check fails.</summary>
    Unhealthy,
}
