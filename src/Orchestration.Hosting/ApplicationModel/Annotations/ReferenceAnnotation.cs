namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// "This resource uses that one": recorded by <c>WithReference</c> so validation can check the target
/// exists and publishers can open the network path (and only that path) between them.
/// </summary>
internal sealed record ReferenceAnnotation(IResource Target) : IResourceAnnotation;
