using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary>Environment variables and command-line arguments.</summary>
internal static class EnvironmentExtensions
{
    /// <summary>A fixed value: <c>.WithEnvironment("LOG_LEVEL", "debug")</c>.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : IResourceWithEnvironment
        => builder.WithEnvironment(ctx => ctx.EnvironmentVariables[name] = value);

    /// <summary>An expression: <c>.WithEnvironment("DB_URL", ReferenceExpression.Create($"postgres://{db.Endpoint}"))</c>.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IValueProvider value) where T : IResourceWithEnvironment
        => builder.WithEnvironment(ctx => ctx.EnvironmentVariables[name] = value);

    /// <summary>An interpolated expression: <c>.WithEnvironment("API", $"{api.GetEndpoint("http")}/v1")</c>.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, in ExpressionInterpolatedStringHandler value) where T : IResourceWithEnvironment
        => builder.WithEnvironment(name, ReferenceExpression.Create(value));

    /// <summary>A parameter's value: <c>.WithEnvironment("API_KEY", apiKey)</c>.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter) where T : IResourceWithEnvironment
        => builder.WithEnvironment(name, (IValueProvider)parameter.Resource);

    /// <summary>A callback that sets variables when the process starts.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentCallbackContext> callback) where T : IResourceWithEnvironment
        => builder.WithAnnotation(new EnvironmentCallbackAnnotation(ctx => { callback(ctx); return Task.CompletedTask; }));

    /// <summary>An asynchronous callback that sets variables when the process starts.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Func<EnvironmentCallbackContext, Task> callback) where T : IResourceWithEnvironment
        => builder.WithAnnotation(new EnvironmentCallbackAnnotation(callback));

    /// <summary>
    /// Arguments: strings, or deferred values (endpoints, parameters, expressions) resolved at start.
    /// <code>.WithArgs("--port", api.GetEndpoint("http").Property(EndpointProperty.Port))</code>
    /// </summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, params object[] args) where T : IResourceWithArgs
    {
        foreach (var arg in args)
        {
            if (arg is not (string or IValueProvider or IResourceBuilder<IResource>))
                return builder.WithProblem($"Argument '{arg}' of '{builder.Resource.Name}' must be a string or a deferred value (endpoint, parameter, expression).");
            if (arg is IResourceBuilder<IResource> { Resource: not IValueProvider } other)
                return builder.WithProblem($"Argument '{other.Resource.Name}' of '{builder.Resource.Name}' has no value to pass; pass one of its endpoints or a parameter.");
        }
        return builder.WithArgs(ctx => ctx.Args.AddRange(args.Select(a => a is IResourceBuilder<IResource> b ? (object)(IValueProvider)b.Resource : a)));
    }

    /// <summary>A callback that adds arguments when the process starts.</summary>
    public static IResourceBuilder<T> WithArgs<T>(this IResourceBuilder<T> builder, Action<CommandLineArgsCallbackContext> callback) where T : IResourceWithArgs
        => builder.WithAnnotation(new CommandLineArgsCallbackAnnotation(ctx => { callback(ctx); return Task.CompletedTask; }));
}
