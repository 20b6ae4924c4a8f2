namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// How a process is asked to stop: <see cref="Signal"/> to its whole process group, then SIGKILL after
/// <see cref="GracePeriod"/>. PostgreSQL, for one, wants SIGINT (fast shutdown) rather than SIGTERM.
/// </summary>
internal sealed record StopAnnotation(TimeSpan? GracePeriod = null, int Signal = StopAnnotation.SigTerm) : IResourceAnnotation
{
    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;
    /// <summary>SIGINT.</summary>
    public const int SigInt = 2;
    /// <summary>SIGQUIT.</summary>
    public const int SigQuit = 3;
}
