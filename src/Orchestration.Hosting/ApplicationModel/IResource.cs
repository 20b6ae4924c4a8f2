namespace Orchestration.Hosting.ApplicationModel;

/// <summary>A named part of the stack: a process, a database inside a server, a parameter.</summary>
internal interface IResource
{
    /// <summary>The unique name: a DNS label, so publishers can use it unchanged.</summary>
    string Name { get; }

    /// <summary>Everything the builder said about this resource, in the order it was said.</summary>
    ResourceAnnotationCollection Annotations { get; }
}

/// <summary>Marker for the facts attached to a resource (endpoints, environment, waits, health checks, ...).</summary>
internal interface IResourceAnnotation;

/// <summary>The ordered annotations of one resource.</summary>
internal sealed class ResourceAnnotationCollection : List<IResourceAnnotation>
{
    /// <summary>The annotations of one kind, in the order they were added.</summary>
    public IEnumerable<T> OfType<T>() where T : IResourceAnnotation => Enumerable.OfType<T>(this);

    /// <summary>The last annotation of one kind: later calls override earlier ones.</summary>
    public T? Last<T>() where T : class, IResourceAnnotation => Enumerable.OfType<T>(this).LastOrDefault();
}
