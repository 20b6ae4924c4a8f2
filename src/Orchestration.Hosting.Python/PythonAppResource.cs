using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Python;

/// <summary>A Python app run by the python of its virtual environment (Aspire.Hosting.Python's shape).</summary>
public class PythonAppResource(string name, string executablePath, string appDirectory)
    : ExecutableResource(name, executablePath, appDirectory), IResourceWithServiceDiscovery
{
    /// <summary>The script, relative to the app's folder; null for an app started another way (uvicorn).</summary>
    public string? ScriptPath { get; init; }

    /// <summary>The virtual environment, absolute or relative to the app's folder.</summary>
    public string VirtualEnvironmentPath { get; internal set; } = ".venv";

    /// <summary>Whether a missing virtual environment is created before the first start.</summary>
    public bool CreateVirtualEnvironment { get; internal set; } = true;
}

/// <summary>An ASGI app served by uvicorn from the app's virtual environment.</summary>
public class UvicornAppResource(string name, string executablePath, string appDirectory) : PythonAppResource(name, executablePath, appDirectory)
{
    /// <summary>The ASGI app as uvicorn names it, <c>module:attribute</c>.</summary>
    public required string App { get; init; }
}
