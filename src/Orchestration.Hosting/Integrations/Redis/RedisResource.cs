namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A Redis server, run natively as <c>redis-server</c> on a loopback port, password protected. Clients get
/// the StackExchange.Redis form <c>127.0.0.1:port,password=…</c>.
/// <code>var cache = builder.AddRedis("cache").WithDataVolume();</code>
/// </summary>
internal sealed class RedisResource : ExecutableResource, IResourceWithConnectionString
{
    /// <summary>The name of the endpoint clients connect to.</summary>
    public const string PrimaryEndpointName = "tcp";

    internal RedisResource(string name, ParameterResource password, string workingDirectory)
        : base(name, "redis-server", workingDirectory)
    {
        PasswordParameter = password;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>The endpoint clients connect to.</summary>
    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>The password (generated and kept per machine unless configured).</summary>
    public ParameterResource PasswordParameter { get; }

    /// <summary>The data volume's name when the data is kept across runs (<c>WithDataVolume</c>); null when nothing is persisted.</summary>
    public string? DataVolumeName { get; internal set; }

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");

    /// <inheritdoc />
    protected internal override IEnumerable<string> Validate()
    {
        foreach (var problem in base.Validate()) yield return problem;
        if (Annotations.Last<ReplicaAnnotation>() is { Replicas: > 1 })
            yield return $"Redis server '{Name}' runs as one copy (its configuration and data are its own); remove WithReplicas.";
    }
}
