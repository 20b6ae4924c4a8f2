using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Integrations.Redis;

/// <summary>
/// Redis in its official image. The password is a parameter placeholder in the arguments (compose fills it
/// from the env file, Kubernetes from the Secret through <c>$(VAR)</c>), so no manifest holds it; as the
/// first argument stays <c>redis-server</c>, the image's entrypoint still drops to its redis user.
/// REDISCLI_AUTH lets the <c>redis-cli ping</c> probe authenticate.
/// </summary>
internal static class RedisContainerForm
{
    public static ContainerRuntimeAnnotation For(RedisResource redis) => new()
    {
        Args = redis.DataVolumeName is null
            ? ["redis-server", "--requirepass", redis.PasswordParameter, "--save", "", "--appendonly", "no"]
            : ["redis-server", "--requirepass", redis.PasswordParameter, "--appendonly", "yes", "--dir", "/data"],
        Environment = env => env["REDISCLI_AUTH"] = redis.PasswordParameter,
        RunAsUser = 999, // the image's redis user
    };
}
