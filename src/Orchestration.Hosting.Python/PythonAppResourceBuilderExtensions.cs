using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Python;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestration.NativeRuntime.Recipes;

namespace Aspire.Hosting;

/// <summary>Python apps, with Aspire.Hosting.Python's names: a script, or an ASGI app under uvicorn.</summary>
public static class PythonAppResourceBuilderExtensions
{
    /// <summary>
    /// A Python script run by its virtual environment's python (<c>.venv</c> in <paramref name="appDirectory"/>). Natively,
    /// the environment is created before the first start when missing (<c>python3 -m venv --system-site-packages</c>) and
    /// checked against <c>requirements.txt</c>; output is unbuffered.
    /// <code>builder.AddPythonApp("worker", "../services/worker", "worker.py").WithReference(db).WaitFor(db)</code>
    /// </summary>
    public static IResourceBuilder<PythonAppResource> AddPythonApp(this IDistributedApplicationBuilder builder, string name, string appDirectory, string scriptPath)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, appDirectory));
        var app = new PythonAppResource(name, VirtualEnvironmentPython(directory, ".venv"), directory) { ScriptPath = scriptPath };
        return builder.AddPython(app).WithArgs(scriptPath);
    }

    /// <summary>
    /// An ASGI app served by uvicorn from the app's virtual environment, on an HTTP endpoint named <c>http</c>:
    /// <c>python -m uvicorn {app} --host 127.0.0.1 --port {port}</c>.
    /// <code>builder.AddUvicornApp("web", "../services/web", "main:app").WithHttpHealthCheck("/health")</code>
    /// </summary>
    public static IResourceBuilder<UvicornAppResource> AddUvicornApp(this IDistributedApplicationBuilder builder, string name, string appDirectory, string app)
    {
        var directory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, appDirectory));
        var resource = new UvicornAppResource(name, VirtualEnvironmentPython(directory, ".venv"), directory) { App = app };
        var result = builder.AddPython(resource).WithHttpEndpoint(name: "http");
        var port = result.GetEndpoint("http").Property(EndpointProperty.TargetPort);
        return result.WithArgs("-m", "uvicorn", app, "--host", "127.0.0.1", "--port", port);
    }

    /// <summary>
    /// Runs the app in another virtual environment, relative to the app's folder (or absolute); created when
    /// missing unless <paramref name="createIfNotExists"/> is false.
    /// <code>builder.AddPythonApp("worker", "../worker", "worker.py").WithVirtualEnvironment("../.venvs/worker")</code>
    /// </summary>
    public static IResourceBuilder<T> WithVirtualEnvironment<T>(this IResourceBuilder<T> builder, string virtualEnvironmentPath, bool createIfNotExists = true)
        where T : PythonAppResource
    {
        builder.Resource.VirtualEnvironmentPath = virtualEnvironmentPath;
        builder.Resource.CreateVirtualEnvironment = createIfNotExists;
        return builder.WithCommand(VirtualEnvironmentPython(builder.Resource.WorkingDirectory, virtualEnvironmentPath));
    }

    private static IResourceBuilder<T> AddPython<T>(this IDistributedApplicationBuilder builder, T app) where T : PythonAppResource
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INativeRecipe, PythonRecipe>());
        return builder.AddResource(app).WithEnvironment("PYTHONUNBUFFERED", "1");
    }

    private static string VirtualEnvironmentPython(string appDirectory, string virtualEnvironmentPath)
        => Path.Combine(appDirectory, virtualEnvironmentPath, "bin", "python");
}
