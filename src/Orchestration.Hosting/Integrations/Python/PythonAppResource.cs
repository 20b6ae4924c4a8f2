using Orchestration.Hosting.Python;

namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A Python program run by the python of its virtual environment. Until the environment exists the
/// command is the base interpreter that will create it, so validation names a missing Python; the
/// environment is made (and its requirements checked) just before each start.
/// </summary>
internal class PythonAppResource : ExecutableResource
{
    /// <summary>Creates the resource; <c>AddPythonApp</c> is the usual way.</summary>
    /// <param name="name">The resource name.</param>
    /// <param name="appDirectory">The app's folder (absolute): its working directory, where <c>requirements.txt</c> and <c>.venv</c> live.</param>
    /// <param name="scriptPath">The script, relative to <paramref name="appDirectory"/>; null when the app runs a module (<c>-m</c>).</param>
    public PythonAppResource(string name, string appDirectory, string? scriptPath)
        : base(name, PythonInterpreter.DefaultName, appDirectory)
    {
        AppDirectory = appDirectory;
        ScriptPath = scriptPath;
        VirtualEnvironment = new PythonVirtualEnvironment(Path.Combine(appDirectory, PythonVirtualEnvironment.DefaultPath));
    }

    /// <summary>The app's folder: where <c>requirements.txt</c> is read and the virtual environment lives by default.</summary>
    public string AppDirectory { get; }

    /// <summary>The script run, relative to <see cref="AppDirectory"/>; null for a module.</summary>
    public string? ScriptPath { get; }

    /// <summary>The virtual environment it runs in (<c>.venv</c> in the app folder unless <c>WithVirtualEnvironment</c> says otherwise).</summary>
    public PythonVirtualEnvironment VirtualEnvironment { get; internal set; }

    /// <summary>The requirements file, when the app has one.</summary>
    public string? RequirementsFile => File.Exists(Path.Combine(AppDirectory, "requirements.txt")) ? Path.Combine(AppDirectory, "requirements.txt") : null;

    /// <summary>Distributions the app needs besides its requirements file (uvicorn for a uvicorn app).</summary>
    public virtual IReadOnlyList<string> ImpliedRequirements => [];

    /// <summary>The venv's python once it exists; before that the base interpreter that will create it.</summary>
    public override string Command => VirtualEnvironment.Exists ? VirtualEnvironment.PythonPath : PythonInterpreter.FindBase() ?? PythonInterpreter.DefaultName;

    /// <inheritdoc />
    protected internal override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (!Directory.Exists(AppDirectory)) yield break;
        if (ScriptPath is not null && !File.Exists(Path.Combine(AppDirectory, ScriptPath)))
            yield return $"Python app '{Name}': script '{ScriptPath}' does not exist in '{AppDirectory}'.";
        if (VirtualEnvironment.Problem() is { } venvProblem)
            yield return $"Python app '{Name}': {venvProblem}";
    }
}
