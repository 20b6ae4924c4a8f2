using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Python;

namespace Orchestration.Hosting;

/// <summary>Python apps: a script or a uvicorn-served ASGI app, each run by the python of its virtual environment.</summary>
internal static class PythonAppExtensions
{
    /// <summary>
    /// A Python script, run by its virtual environment's python (<c>.venv</c> in <paramref name="appDirectory"/>,
    /// created before the first start with <c>python3 -m venv --system-site-packages</c> when missing). When the
    /// folder has a <c>requirements.txt</c>, a start checks the environment has them and tries
    /// <c>pip install -r requirements.txt</c> only when something is missing; if that fails the app does
    /// not start, and the message names what is missing and the system packages that provide it.
    /// Output is unbuffered, so every line shows as it is printed.
    /// <code>builder.AddPythonApp("worker", "../services/worker", "worker.py").WithReference(db).WaitFor(db)</code>
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name (a DNS label).</param>
    /// <param name="appDirectory">The app's folder, relative to the AppHost folder: its working directory.</param>
    /// <param name="scriptPath">The script, relative to <paramref name="appDirectory"/>.</param>
    /// <param name="args">The script's arguments: strings or deferred values (endpoints, parameters).</param>
    public static IResourceBuilder<PythonAppResource> AddPythonApp(this IDistributedApplicationBuilder builder, string name, string appDirectory, string scriptPath, params object[] args)
    {
        var resource = new PythonAppResource(name, ResourceBuilderExtensions.ResolvePath(builder, appDirectory), scriptPath);
        return builder.AddResource(resource).WithPythonDefaults().WithArgs([scriptPath, .. args]);
    }

    /// <summary>
    /// An ASGI app served by uvicorn from the app's virtual environment:
    /// <c>python -m uvicorn {app} --host 127.0.0.1 --port {port}</c>, on an HTTP endpoint named <c>http</c>.
    /// The environment is made and checked as for <see cref="AddPythonApp"/>, and must provide uvicorn.
    /// <code>builder.AddUvicornApp("web", "../services/web", "main:app").WithHttpHealthCheck("/health")</code>
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name (a DNS label).</param>
    /// <param name="appDirectory">The app's folder, relative to the AppHost folder: its working directory.</param>
    /// <param name="app">The ASGI app as uvicorn names it, <c>module:attribute</c>.</param>
    public static IResourceBuilder<UvicornAppResource> AddUvicornApp(this IDistributedApplicationBuilder builder, string name, string appDirectory, string app)
    {
        var resource = new UvicornAppResource(name, ResourceBuilderExtensions.ResolvePath(builder, appDirectory), app);
        var result = builder.AddResource(resource).WithPythonDefaults().WithHttpEndpoint();
        var port = result.GetEndpoint("http").Property(EndpointProperty.TargetPort);
        return result.WithArgs("-m", "uvicorn", app, "--host", "127.0.0.1", "--port", port);
    }

    /// <summary>
    /// Runs the app in another virtual environment, relative to the app's folder (or absolute). Unless
    /// <paramref name="createIfNotExists"/> is false, it is created when missing.
    /// <code>builder.AddPythonApp("worker", "../worker", "worker.py").WithVirtualEnvironment("../.venvs/worker")</code>
    /// </summary>
    public static IResourceBuilder<T> WithVirtualEnvironment<T>(this IResourceBuilder<T> builder, string virtualEnvironmentPath, bool createIfNotExists = true)
        where T : PythonAppResource
    {
        builder.Resource.VirtualEnvironment = new PythonVirtualEnvironment(Path.Combine(builder.Resource.AppDirectory, virtualEnvironmentPath), createIfNotExists);
        return builder;
    }

    private static IResourceBuilder<T> WithPythonDefaults<T>(this IResourceBuilder<T> builder) where T : PythonAppResource
    {
        builder.ApplicationBuilder.Services.TryAddSingleton<VirtualEnvironmentSetup>();
        return builder
            .WithAnnotation(new ContainerImageAnnotation("python", "3.12-slim"))
            .WithInstallHint(PythonInterpreter.InstallHint)
            .WithAnnotation(PythonContainerForm.For(builder.Resource))
            .WithEnvironment("PYTHONUNBUFFERED", "1")
            .OnBeforeResourceStarted((app, ctx) => ctx.Services.GetRequiredService<VirtualEnvironmentSetup>().PrepareAsync(app, ctx.CancellationToken));
    }
}
