using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestration.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace Orchestration.Hosting.Integrations.Redis;

/// <summary>Healthy when PING answers through StackExchange.Redis, logged in with the resource's own connection string.</summary>
internal static class RedisHealthCheck
{
    public static async Task<HealthCheckResult> PingAsync(RedisResource redis, HealthCheckContextForResource context, CancellationToken cancellationToken)
    {
        var connectionString = await redis.ConnectionStringExpression.GetValueAsync(context.Resolver, cancellationToken).ConfigureAwait(false);
        var options = ConfigurationOptions.Parse(connectionString!);
        // One short attempt per check: the runner polls again, and a connection is never kept between checks.
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 0;
        options.ConnectTimeout = 2000;
        options.AsyncTimeout = 2000;
        options.ClientName = "orchestration-health";
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (RedisException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
