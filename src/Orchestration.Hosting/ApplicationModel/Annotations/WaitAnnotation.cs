namespace Orchestration.Hosting.ApplicationModel;

/// <summary>What a resource waits for before it starts.</summary>
internal enum WaitType
{
    /// <summary>The dependency is running and healthy.</summary>
    UntilHealthy,
    /// <summary>The dependency ran to completion with the expected exit code.</summary>
    UntilCompleted,
}

/// <summary>A start-order edge: start after <see cref="Target"/> is healthy, or has completed.</summary>
internal sealed record WaitAnnotation(IResource Target, WaitType Type, int ExitCode = 0, TimeSpan? Timeout = null) : IResourceAnnotation;
