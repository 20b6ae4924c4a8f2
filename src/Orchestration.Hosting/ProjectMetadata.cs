using System.Reflection;

namespace Orchestration.Hosting;

/// <summary>
/// What the AppHost build recorded in the AppHost assembly (build/Orchestration.Hosting.targets):
/// the AppHost's own folder and, for each project it runs, where that project's build output is.
/// </summary>
internal sealed class ProjectMetadata
{
    private const string AppHostKey = "Orchestration.AppHostDirectory";
    private const string ProjectPrefix = "Orchestration.Project:";

    private readonly Dictionary<string, string> _targets = new(StringComparer.Ordinal);

    public string? AppHostDirectory { get; private set; }

    public static ProjectMetadata Load(Assembly? appHost)
    {
        var metadata = new ProjectMetadata();
        foreach (var attribute in appHost?.GetCustomAttributes<AssemblyMetadataAttribute>() ?? [])
        {
            if (attribute.Key == AppHostKey) metadata.AppHostDirectory = attribute.Value;
            else if (attribute.Key.StartsWith(ProjectPrefix, StringComparison.Ordinal) && attribute.Value is { } target)
                metadata._targets[Path.GetFullPath(attribute.Key[ProjectPrefix.Length..])] = target;
        }
        return metadata;
    }

    public string? TargetPathOf(string projectPath) => _targets.GetValueOrDefault(Path.GetFullPath(projectPath));
}
