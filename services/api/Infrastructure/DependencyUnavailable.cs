using System.Net.Sockets;
using Amazon.Runtime;
using Npgsql;
using StackExchange.Redis;

namespace Api.Infrastructure;

/// <summary>Which failures mean "a dependency is down for now" (answer 503, try again) rather than a bug (500).</summary>
public static class DependencyUnavailable
{
    /// <summary>Seconds a client is told to wait before trying again: about what a restarted dependency takes.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The dependency <paramref name="exception"/> says is unreachable (PostgreSQL, Redis, S3), or null.</summary>
    public static string? Which(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                // Connection refused or reset, "the database system is shutting down / in recovery", pool timeouts.
                case PostgresException postgres when postgres.IsTransient || postgres.SqlState.StartsWith("08") || postgres.SqlState.StartsWith("57P"):
                    return "PostgreSQL";
                case NpgsqlException npgsql when npgsql is not PostgresException:
                    return "PostgreSQL";
                case RedisConnectionException or RedisTimeoutException:
                    return "Redis";
                // A 4xx from S3 is our mistake (500); no answer or a 5xx is S3 being down or restarting.
                case AmazonServiceException s3 when (int)s3.StatusCode is 0 or >= 500:
                    return "S3";
                case AmazonClientException:
                    return "S3";
                case HttpRequestException or SocketException or TimeoutException:
                    return "a dependency";
            }
        }
        return null;
    }
}
