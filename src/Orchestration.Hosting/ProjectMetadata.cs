namespace Orchestration.Hosting;

/// <summary>
/// What the AppHost build recorded (build/Orchestration.Hosting.targets): the AppHost's own folder and,
/// for each referenced project, where its build output is. Read once at start.
/// </summary>
internal sealed class ProjectMetadata
{
    public const string FileName = "orchestration.projects.txt";

    private readonly Dictionary<string, string> _targets = new(StringComparer.Ordinal);

    public string? AppHostDirectory { get; private set; }

    public static ProjectMetadata Load(string directory)
    {
        var metadata = new ProjectMetadata();
        var file = Path.Combine(directory, FileName);
        if (!File.Exists(file)) return metadata;
        foreach (var line in File.ReadAllLines(file))
        {
            var parts = line.Split('\t');
            if (parts is ["apphost", var dir]) metadata.AppHostDirectory = Path.TrimEndingDirectorySeparator(dir);
            else if (parts is ["project", var project, var target]) metadata._targets[Path.GetFullPath(project)] = target;
        }
        return metadata;
    }

    public string? TargetPathOf(string projectPath) => _targets.GetValueOrDefault(Path.GetFullPath(projectPath));
}
