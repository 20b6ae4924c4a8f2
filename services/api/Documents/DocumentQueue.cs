using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace Api.Documents;

/// <summary>
/// The job contract with the Python worker: LPUSH of one JSON string onto <see cref="QueueKey"/>;
/// the worker BLMOVEs from its RIGHT end into <see cref="ProcessingKey"/>.
/// </summary>
public sealed class DocumentQueue(IConnectionMultiplexer redis)
{
    public const string QueueKey = "documents:queue";
    public const string ProcessingKey = "documents:processing";

    /// <summary>
    /// Queues the document for the worker inside a producer span whose traceparent the job carries; false when not
    /// connected to Redis (nothing sent).
    /// </summary>
    public async Task<bool> TryEnqueueAsync(Guid id, string bucket, string objectKey)
    {
        using var activity = ApiTelemetry.Source.StartActivity($"send {QueueKey}", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", QueueKey);
        activity?.SetTag("messaging.message.id", id.ToString());
        activity?.SetTag("db.system.name", "redis");
        activity?.SetTag("db.operation.name", "LPUSH");

        var job = new DocumentJob(id.ToString(), objectKey, bucket, ApiTelemetry.TraceParent(Activity.Current));
        try
        {
            // Disconnected, the multiplexer would hold the command until its 5 s timeout: the upload's answer must
            // not wait for that, and the worker finds the job from its row anyway.
            if (!redis.IsConnected)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "not connected to Redis");
                return false;
            }
            await redis.GetDatabase().ListLeftPushAsync(QueueKey, JsonSerializer.Serialize(job, DocumentJobContext.Default.DocumentJob));
            return true;
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }
}

/// <summary>The JSON the worker reads; names and order are part of the contract.</summary>
public sealed record DocumentJob(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("traceparent")] string TraceParent);

[JsonSerializable(typeof(DocumentJob))]
internal sealed partial class DocumentJobContext : JsonSerializerContext;
