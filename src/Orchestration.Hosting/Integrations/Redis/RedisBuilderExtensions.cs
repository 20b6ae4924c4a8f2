using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Integrations.Redis;

namespace Orchestration.Hosting;

/// <summary>Redis: <c>builder.AddRedis("cache").WithDataVolume()</c>.</summary>
internal static class RedisBuilderExtensions
{
    private const int ContainerPort = 6379;
    private const string ContainerDataPath = "/data";

    /// <summary>
    /// A Redis server, run as a native process on a free loopback port (or <paramref name="port"/>), with
    /// <paramref name="password"/> or a generated secret <c>{name}-password</c> kept per machine. Without
    /// <see cref="WithDataVolume"/> nothing is persisted.
    /// <code>var cache = builder.AddRedis("cache");</code>
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name (a DNS label).</param>
    /// <param name="port">A fixed local port; a free one when null.</param>
    /// <param name="password">The password; generated (and kept) when null.</param>
    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name, int? port = null, IResourceBuilder<ParameterResource>? password = null)
    {
        var passwordParameter = password?.Resource ?? builder.AddGeneratedParameter($"{name}-password").Resource;
        var redis = new RedisResource(name, passwordParameter, builder.AppHostDirectory);

        return builder.AddResource(redis)
            .WithEndpoint(port: port, targetPort: ContainerPort, name: RedisResource.PrimaryEndpointName)
            .WithAnnotation(new ContainerImageAnnotation("library/redis", "7.4.5", "docker.io"))
            .WithInstallHint("apt-get install redis-server")
            .WithAnnotation(RedisContainerForm.For(redis))
            .OnBeforeResourceStarted(RedisNativeProcess.WriteConfigAsync)
            .WithArgs(ctx => RedisNativeProcess.AddArgs(redis, ctx))
            .WithHealthCheck("redis ping", (ctx, ct) => RedisHealthCheck.PingAsync(redis, ctx, ct), new ExecHealthProbe(["redis-cli", "ping"]));
    }

    /// <summary>
    /// Keeps the data across runs in a data volume (append-only file plus snapshots): a folder in the
    /// AppHost's state folder locally, a named volume when published.
    /// <code>builder.AddRedis("cache").WithDataVolume()</code>
    /// </summary>
    /// <param name="builder">The Redis server.</param>
    /// <param name="name">The volume's name; <c>data</c> when null (the folder is <c>volumes/{resource}-{name}</c>).</param>
    public static IResourceBuilder<RedisResource> WithDataVolume(this IResourceBuilder<RedisResource> builder, string? name = null)
    {
        var volume = name ?? "data";
        if (ResourceName.Check(volume) is not null)
            return builder.WithProblem($"Data volume name '{volume}' of '{builder.Resource.Name}' is invalid: use lowercase letters, digits and '-'.");
        builder.Resource.DataVolumeName = volume;
        // The container form persists now: the last one added is the one publishers read.
        builder.WithAnnotation(RedisContainerForm.For(builder.Resource));
        builder.Resource.Annotations.RemoveAll(a => a is ContainerMountAnnotation { Target: ContainerDataPath });
        return builder.WithAnnotation(new ContainerMountAnnotation($"{builder.Resource.Name}-{volume}", ContainerDataPath, IsVolume: true));
    }
}
