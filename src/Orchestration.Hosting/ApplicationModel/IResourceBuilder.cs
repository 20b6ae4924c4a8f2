namespace Orchestration.Hosting.ApplicationModel;

/// <summary>Chains configuration onto one resource: <c>builder.AddExecutable(...).WithHttpEndpoint().WaitFor(db)</c>.</summary>
internal interface IResourceBuilder<out T> where T : IResource
{
    /// <summary>The application builder the resource belongs to.</summary>
    IDistributedApplicationBuilder ApplicationBuilder { get; }

    /// <summary>The resource being configured.</summary>
    T Resource { get; }

    /// <summary>Adds an annotation and returns the same builder.</summary>
    IResourceBuilder<T> WithAnnotation(IResourceAnnotation annotation);
}

internal sealed class ResourceBuilder<T>(IDistributedApplicationBuilder applicationBuilder, T resource) : IResourceBuilder<T> where T : IResource
{
    public IDistributedApplicationBuilder ApplicationBuilder { get; } = applicationBuilder;
    public T Resource { get; } = resource;

    public IResourceBuilder<T> WithAnnotation(IResourceAnnotation annotation)
    {
        Resource.Annotations.Add(annotation);
        return this;
    }
}
