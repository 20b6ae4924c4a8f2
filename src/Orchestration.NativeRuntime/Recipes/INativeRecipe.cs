using Aspire.Hosting.ApplicationModel;
using Native = Orchestration.Hosting;
using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Recipes;

/// <summary>
/// How a resource runs natively: a container as its native server (found by Aspire resource type or image,
/// configured from what the container would have been given: environment, ports, volumes), or an executable
/// that needs preparing (a Python app and its virtual environment). An integration registers its recipe:
/// <code>builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;INativeRecipe, MinioRecipe&gt;());</code>
/// </summary>
internal interface INativeRecipe
{
    /// <summary>What the recipe runs, for messages ("redis-server").</summary>
    string Name { get; }

    /// <summary>Whether this recipe runs <paramref name="resource"/>.</summary>
    bool Matches(IResource resource);

    /// <summary>
    /// Adds the native counterpart to the engine's model. For a container, the recipe is all there is; for an
    /// executable, Aspire's endpoints, environment and arguments are added to what the recipe returns.
    /// </summary>
    NativeModel.IResourceBuilder<NativeModel.IResource> Lower(RecipeContext context);
}

/// <summary>What a recipe gets: the resource, what it would have been given, and the engine's builder.</summary>
internal sealed class RecipeContext
{
    private readonly Func<string, object, NativeModel.IResourceBuilder<NativeModel.ParameterResource>> _parameter;
    private readonly Func<IResource, NativeModel.IResource?> _nativeOf;
    private readonly Action<IResource, NativeModel.IResource> _claim;

    internal RecipeContext(IResource resource, IReadOnlyList<IResource> children, Native.IDistributedApplicationBuilder builder,
        IReadOnlyDictionary<string, object> environment,
        Func<string, object, NativeModel.IResourceBuilder<NativeModel.ParameterResource>> parameter,
        Func<IResource, NativeModel.IResource?> nativeOf, Action<IResource, NativeModel.IResource> claim)
    {
        Resource = resource;
        Children = children;
        Builder = builder;
        Environment = environment;
        _parameter = parameter;
        _nativeOf = nativeOf;
        _claim = claim;
    }

    /// <summary>The Aspire resource.</summary>
    public IResource Resource { get; }

    /// <summary>The Aspire resources that live in it (databases, buckets).</summary>
    public IReadOnlyList<IResource> Children { get; }

    /// <summary>The engine's builder the native counterpart is added to.</summary>
    public Native.IDistributedApplicationBuilder Builder { get; }

    /// <summary>The resource's environment, as Aspire's callbacks fill it (values not yet resolved).</summary>
    public IReadOnlyDictionary<string, object> Environment { get; }

    /// <summary>
    /// The host port the model fixes for the resource's first endpoint (<c>AddNginx("gateway", port: 8080)</c>), or null.
    /// Locally each endpoint is bound where Aspire was told it is, whatever the recipe declares.
    /// </summary>
    public int? PrimaryPort => Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault()?.Port;

    /// <summary>Whether the container mounts a named volume (e.g. <c>WithDataVolume()</c>): the native server keeps its data.</summary>
    public bool HasDataVolume => Resource.Annotations.OfType<ContainerMountAnnotation>().Any(m => m.Type == ContainerMountType.Volume);

    /// <summary>
    /// The engine's parameter for an environment value: the same Aspire parameter (and so the same generated,
    /// persisted value), or a fixed value. Null when the resource is not given <paramref name="variable"/>.
    /// </summary>
    public NativeModel.IResourceBuilder<NativeModel.ParameterResource>? ParameterFromEnvironment(string variable, string name)
        => Environment.TryGetValue(variable, out var value) ? _parameter(name, value) : null;

    /// <summary>An environment value that is plain text (a string, or an expression without values in it); else null.</summary>
    public string? LiteralFromEnvironment(string variable) => Environment.GetValueOrDefault(variable) switch
    {
        string s => s,
        ReferenceExpression { ValueProviders.Count: 0 } e => Lowering.AspireValueTranslator.Unescape(e.Format),
        _ => null,
    };

    /// <summary>The engine's parameter for an Aspire parameter.</summary>
    public NativeModel.IResourceBuilder<NativeModel.ParameterResource> Parameter(ParameterResource parameter) => _parameter(parameter.Name, parameter);

    /// <summary>The engine's counterpart of another Aspire resource, once lowered (processes are lowered before containers).</summary>
    public NativeModel.IResource? NativeOf(IResource resource) => _nativeOf(resource);

    /// <summary>Records that <paramref name="native"/> runs <paramref name="child"/>, so it is not lowered again.</summary>
    public void Claim(IResource child, NativeModel.IResource native) => _claim(child, native);
}
