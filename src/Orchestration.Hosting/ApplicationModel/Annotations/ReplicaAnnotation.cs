namespace Orchestration.Hosting.ApplicationModel;

/// <summary>How many copies of a process run. Each gets its own ports; service discovery lists them all.</summary>
internal sealed record ReplicaAnnotation(int Replicas) : IResourceAnnotation;
