namespace Orchestration.Hosting.ApplicationModel;

/// <summary>An ASGI app served by uvicorn from its virtual environment: <c>python -m uvicorn module:app</c>.</summary>
/// <param name="name">The resource name.</param>
/// <param name="appDirectory">The app's folder (absolute).</param>
/// <param name="app">The ASGI app as uvicorn names it: <c>module:attribute</c> (<c>main:app</c>).</param>
internal sealed class UvicornAppResource(string name, string appDirectory, string app) : PythonAppResource(name, appDirectory, scriptPath: null)
{
    /// <summary>The ASGI app, <c>module:attribute</c>.</summary>
    public string App { get; } = app;

    /// <inheritdoc />
    public override IReadOnlyList<string> ImpliedRequirements => ["uvicorn"];

    /// <inheritdoc />
    protected internal override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        var separator = App.IndexOf(':');
        if (separator <= 0 || separator == App.Length - 1)
        {
            yield return $"Uvicorn app '{Name}': '{App}' is not of the form module:attribute (main:app).";
            yield break;
        }
        var module = Path.Combine(AppDirectory, App[..separator].Replace('.', Path.DirectorySeparatorChar));
        if (Directory.Exists(AppDirectory) && !File.Exists(module + ".py") && !File.Exists(Path.Combine(module, "__init__.py")))
            yield return $"Uvicorn app '{Name}': module '{App[..separator]}' is not in '{AppDirectory}' (no {App[..separator].Replace('.', '/')}.py).";
    }
}
