using Aspire.Hosting.ApplicationModel;
using Native = Orchestration.Hosting;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Recipes;

/// <summary>
/// How a container resource runs as a native server: found by its Aspire resource type or its image, and
/// configured from what the container would have been given (environment, arguments, ports, volumes).
/// </summary>
public interface INativeRecipe
{
    /// <summary>What the recipe runs, for messages ("redis-server").</summary>
    string Name { get; }

    /// <summary>Whether this recipe runs <paramref name="container"/>.</summary>
    bool Matches(ContainerResource container);

    /// <summary>Adds the native server to the engine's model.</summary>
    NativeModel.IResourceBuilder<NativeModel.IResource> Lower(RecipeContext context);
}

/// <summary>What a recipe gets: the container, what it would have been given, and the engine's builder.</summary>
public sealed class RecipeContext
{
    internal RecipeContext(ContainerResource container, Native.IDistributedApplicationBuilder builder,
        IReadOnlyDictionary<string, object> environment, Func<string, object, NativeModel.IResourceBuilder<NativeModel.ParameterResource>> parameter)
    {
        Container = container;
        Builder = builder;
        Environment = environment;
        _parameter = parameter;
    }

    private readonly Func<string, object, NativeModel.IResourceBuilder<NativeModel.ParameterResource>> _parameter;

    /// <summary>The Aspire container resource.</summary>
    public ContainerResource Container { get; }

    /// <summary>The engine's builder the native server is added to.</summary>
    public Native.IDistributedApplicationBuilder Builder { get; }

    /// <summary>The container's environment, as Aspire's callbacks fill it (values not yet resolved).</summary>
    public IReadOnlyDictionary<string, object> Environment { get; }

    /// <summary>The port the container's first endpoint was given on the loopback interface.</summary>
    public int PrimaryPort => Container.Annotations.OfType<EndpointAnnotation>().First().AllocatedEndpoint!.Port;

    /// <summary>Whether the container mounts a named volume (e.g. <c>WithDataVolume()</c>): the native server keeps its data.</summary>
    public bool HasDataVolume => Container.Annotations.OfType<ContainerMountAnnotation>().Any(m => m.Type == ContainerMountType.Volume);

    /// <summary>
    /// The engine's parameter for an environment value: the same Aspire parameter (and so the same generated,
    /// persisted value), or a fixed value. Null when the container is not given <paramref name="variable"/>.
    /// </summary>
    public NativeModel.IResourceBuilder<NativeModel.ParameterResource>? ParameterFromEnvironment(string variable, string name)
        => Environment.TryGetValue(variable, out var value) ? _parameter(name, value) : null;
}
