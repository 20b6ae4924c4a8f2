using Aspire.Hosting.ApplicationModel;
using Orchestration.Hosting;
using Orchestration.NativeRuntime.Recipes;
using NativeModel = Orchestration.Hosting.ApplicationModel;
using PythonAppResource = Aspire.Hosting.Python.PythonAppResource;
using UvicornAppResource = Aspire.Hosting.Python.UvicornAppResource;

namespace Aspire.Hosting.Python;

/// <summary>
/// A Python app as the engine's Python app: its virtual environment made and checked before the first start.
/// Endpoints, environment and arguments stay Aspire's (the runtime adds them), so the engine's own go.
/// </summary>
internal sealed class PythonRecipe : INativeRecipe
{
    /// <inheritdoc />
    public string Name => "python (virtual environment)";

    /// <inheritdoc />
    public bool Matches(IResource resource) => resource is PythonAppResource;

    /// <inheritdoc />
    public NativeModel.IResourceBuilder<NativeModel.IResource> Lower(RecipeContext context)
    {
        var app = (PythonAppResource)context.Resource;
        NativeModel.IResourceBuilder<NativeModel.PythonAppResource> native = app is UvicornAppResource uvicorn
            ? context.Builder.AddUvicornApp(app.Name, app.WorkingDirectory, uvicorn.App)
            : context.Builder.AddPythonApp(app.Name, app.WorkingDirectory, app.ScriptPath ?? "");
        native.WithVirtualEnvironment(app.VirtualEnvironmentPath, app.CreateVirtualEnvironment);
        native.Resource.Annotations.RemoveAll(a => a is NativeModel.CommandLineArgsCallbackAnnotation or NativeModel.EndpointAnnotation);
        return native;
    }
}
