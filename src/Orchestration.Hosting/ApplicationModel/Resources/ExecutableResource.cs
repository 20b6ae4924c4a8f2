namespace Orchestration.Hosting.ApplicationModel;

/// <summary>Any program, started as a native process.</summary>
internal class ExecutableResource(string name, string command, string workingDirectory) : Resource(name), IProcessResource
{
    /// <summary>
    /// The program. Read at validation and again at each launch (after the before-start callbacks),
    /// so an integration can point it at something a callback creates, e.g. a virtual environment's python.
    /// </summary>
    public virtual string Command { get; } = command;

    /// <inheritdoc />
    public string WorkingDirectory { get; set; } = workingDirectory;

    /// <inheritdoc />
    protected internal override IEnumerable<string> Validate()
    {
        if (!Directory.Exists(WorkingDirectory))
            yield return $"Resource '{Name}': working directory '{WorkingDirectory}' does not exist.";
    }
}
