using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Integrations.Redis;

/// <summary>
/// Redis in its official image. The password comes in as a variable and reaches redis-server through a
/// shell, so it is in no manifest; REDISCLI_AUTH lets the <c>redis-cli ping</c> probe authenticate.
/// </summary>
internal static class RedisContainerForm
{
    public static ContainerRuntimeAnnotation For(RedisResource redis) => new()
    {
        Args = ["sh", "-c", redis.DataVolumeName is null
            ? "exec redis-server --requirepass \"$REDIS_PASSWORD\" --save '' --appendonly no"
            : "exec redis-server --requirepass \"$REDIS_PASSWORD\" --appendonly yes --dir /data"],
        Environment = env =>
        {
            env["REDIS_PASSWORD"] = redis.PasswordParameter;
            env["REDISCLI_AUTH"] = redis.PasswordParameter;
        },
        RunAsUser = 999, // the image's redis user
    };
}
