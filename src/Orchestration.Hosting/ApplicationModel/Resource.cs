namespace Orchestration.Hosting.ApplicationModel;

/// <summary>Base class for resources: a name and its annotations.</summary>
internal abstract class Resource(string name) : IResource
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public ResourceAnnotationCollection Annotations { get; } = [];

    /// <summary>A short type name shown by the console and the dashboard ("Executable", "Project", ...).</summary>
    public virtual string TypeName => GetType().Name.EndsWith("Resource", StringComparison.Ordinal)
        ? GetType().Name[..^"Resource".Length]
        : GetType().Name;

    /// <summary>
    /// Problems that would stop this resource from running, found before anything starts.
    /// Integrations override this to check what they need (a built project, a data folder, ...).
    /// </summary>
    protected internal virtual IEnumerable<string> Validate() => [];

    /// <inheritdoc />
    public override string ToString() => $"{TypeName} '{Name}'";
}
