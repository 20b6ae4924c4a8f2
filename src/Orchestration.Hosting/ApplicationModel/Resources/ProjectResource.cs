namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A .NET project built together with the AppHost; a start runs its build output directly
/// (<c>dotnet api.dll</c>), never <c>dotnet build</c>, which alone would cost seconds.
/// </summary>
internal sealed class ProjectResource : ExecutableResource
{
    internal ProjectResource(string name, string projectPath, string? targetPath)
        : base(name, DotNetHost.Path, Path.GetDirectoryName(projectPath)!)
    {
        ProjectPath = projectPath;
        TargetPath = targetPath;
    }

    /// <summary>The full path of the .csproj.</summary>
    public string ProjectPath { get; }

    /// <summary>The built assembly, as the build recorded it; null when the AppHost build does not include the project.</summary>
    public string? TargetPath { get; }

    /// <inheritdoc />
    protected internal override IEnumerable<string> Validate()
    {
        if (!File.Exists(ProjectPath))
        {
            yield return $"Project '{Name}': '{ProjectPath}' does not exist.";
            yield break;
        }
        if (TargetPath is null)
            yield return $"Project '{Name}': '{ProjectPath}' is not built with the AppHost. Add it to the AppHost project as " +
                         $"<ProjectReference Include=\"{ProjectPath}\" ReferenceOutputAssembly=\"false\" /> and build again.";
        else if (!File.Exists(TargetPath))
            yield return $"Project '{Name}': its build output '{TargetPath}' is missing. Build the AppHost again (dotnet build).";
    }
}

/// <summary>The dotnet host that runs project outputs: the one running us when we run under it.</summary>
internal static class DotNetHost
{
    public static string Path { get; } =
        Environment.ProcessPath is { } self && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
}
