namespace Orchestration.Hosting.ApplicationModel;

/// <summary>How to get a resource's program when it is missing ("apt-get install redis-server").</summary>
internal sealed record InstallHintAnnotation(string Hint) : IResourceAnnotation;
