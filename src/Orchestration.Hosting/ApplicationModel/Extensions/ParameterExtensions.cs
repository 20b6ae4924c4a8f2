using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary>Parameters: values from configuration, secrets, generated passwords.</summary>
internal static class ParameterExtensions
{
    /// <summary>
    /// A required value from configuration <c>Parameters:{name}</c>; the run stops before starting
    /// anything, saying how to set it, when it is missing.
    /// <code>var apiKey = builder.AddParameter("api-key", secret: true);</code>
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false)
        => builder.AddResource(new ParameterResource(name, secret, null));

    /// <summary>A value with a fixed default: <c>builder.AddParameter("log-level", "info")</c>.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, string value, bool secret = false)
        => builder.AddResource(new ParameterResource(name, secret, new ConstantParameterDefault(value)));

    /// <summary>
    /// A value made once per machine and kept (0600, outside the repository) unless configuration
    /// sets one: <c>builder.AddParameter("pg-password", new GenerateParameterDefault(), secret: true)</c>.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, ParameterDefault value, bool secret = false)
        => builder.AddResource(new ParameterResource(name, secret, value));

    /// <summary>A generated secret (a password): <c>builder.AddGeneratedParameter("pg-password")</c>.</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedParameter(this IDistributedApplicationBuilder builder, string name, int length = 22, bool secret = true)
        => builder.AddParameter(name, new GenerateParameterDefault { MinLength = length }, secret);

    /// <summary>
    /// A connection string given from outside (an existing database), read from configuration
    /// <c>ConnectionStrings:{name}</c> when the stack starts: <c>builder.AddConnectionString("legacy-db")</c>.
    /// </summary>
    public static IResourceBuilder<ConnectionStringResource> AddConnectionString(this IDistributedApplicationBuilder builder, string name)
    {
        var value = new ParameterResource(name, secret: true, @default: null, configurationKey: $"ConnectionStrings:{name}");
        return builder.AddResource(new ConnectionStringResource(name, ReferenceExpression.Of(value)));
    }

    /// <summary>A connection string built from other values: <c>builder.AddConnectionString("search", ReferenceExpression.Create($"Url={es.GetEndpoint("http")}"))</c>.</summary>
    public static IResourceBuilder<ConnectionStringResource> AddConnectionString(this IDistributedApplicationBuilder builder, string name, ReferenceExpression connectionString)
        => builder.AddResource(new ConnectionStringResource(name, connectionString));
}

/// <summary>A connection string known only as a value (an existing database outside the stack).</summary>
internal sealed class ConnectionStringResource(string name, ReferenceExpression connectionString) : Resource(name), IResourceWithConnectionString
{
    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression { get; } = connectionString;
}
