using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Turns a process resource into what to launch for one replica: its endpoint ports, the
/// environment and arguments its callbacks add, every expression resolved to local values.
/// </summary>
internal static class LaunchSpecBuilder
{
    public static async Task<LaunchSpec> BuildAsync(IProcessResource resource, int replica, LocalValueResolver resolver, IServiceProvider services, CancellationToken cancellationToken)
    {
        var environment = await BuildEnvironmentAsync(resource, replica, resolver, services, cancellationToken).ConfigureAwait(false);

        var argsContext = new CommandLineArgsCallbackContext(resource, services, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
            await callback.Callback(argsContext).ConfigureAwait(false);
        var args = new List<string>(argsContext.Args.Count);
        foreach (var arg in argsContext.Args) args.Add(await ResolveAsync(arg, resolver, cancellationToken).ConfigureAwait(false));

        return new LaunchSpec(resource.Command, args, resource.WorkingDirectory, environment);
    }

    public static async Task<Dictionary<string, string>> BuildEnvironmentAsync(IResource resource, int replica, LocalValueResolver resolver, IServiceProvider services, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in await CollectEnvironmentAsync(resource, replica, services, cancellationToken).ConfigureAwait(false))
            environment[key] = await ResolveAsync(value, resolver, cancellationToken).ConfigureAwait(false);
        return environment;
    }

    /// <summary>The environment with each value marked when it comes from a secret parameter: what the dashboard shows masked.</summary>
    public static async Task<IReadOnlyList<EnvironmentVariableSnapshot>> DescribeEnvironmentAsync(IResource resource, int replica, LocalValueResolver resolver, IServiceProvider services, CancellationToken cancellationToken)
    {
        var result = new List<EnvironmentVariableSnapshot>();
        foreach (var (key, value) in await CollectEnvironmentAsync(resource, replica, services, cancellationToken).ConfigureAwait(false))
            result.Add(new(key, await ResolveAsync(value, resolver, cancellationToken).ConfigureAwait(false), IsSecret(value)));
        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    private static async Task<Dictionary<string, object>> CollectEnvironmentAsync(IResource resource, int replica, IServiceProvider services, CancellationToken cancellationToken)
    {
        var context = new EnvironmentCallbackContext(resource, services, cancellationToken)
        {
            Replica = replica,
            InstanceName = RunContext.InstanceName(resource, replica),
        };
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            if (endpoint.EnvironmentVariable is { } name)
                context.EnvironmentVariables[name] = new EndpointReference((IResourceWithEndpoints)resource, endpoint.Name).Property(EndpointProperty.TargetPort);
        }
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            await callback.Callback(context).ConfigureAwait(false);
        return context.EnvironmentVariables;
    }

    private static bool IsSecret(object value) => value switch
    {
        ParameterResource parameter => parameter.Secret,
        ReferenceExpression expression => expression.ValueProviders.Any(IsSecret),
        IResourceWithConnectionString resource => IsSecret(resource.ConnectionStringExpression),
        _ => false,
    };

    private static async Task<string> ResolveAsync(object value, ValueResolver resolver, CancellationToken cancellationToken) => value switch
    {
        string s => s,
        IValueProvider provider => await provider.GetValueAsync(resolver, cancellationToken).ConfigureAwait(false) ?? "",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
