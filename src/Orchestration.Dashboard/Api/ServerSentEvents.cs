using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Orchestration.Dashboard.Api;

/// <summary>
/// Writes a stream of items as Server-Sent Events (<c>text/event-stream</c>). Items that arrive
/// together go out as one event holding a JSON array, with one flush: a chatty process costs the
/// browser one message per burst, not one per line.
/// </summary>
internal static class ServerSentEvents
{
    /// <summary>The most items in one event; a longer burst goes out in several.</summary>
    private const int MaxBatch = 500;

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task WriteAsync<T>(HttpContext context, string eventName, ChannelReader<T> items, JsonSerializerOptions json)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync(": connected\n\n", aborted).ConfigureAwait(false);
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);

        var batch = new List<T>(MaxBatch);
        try
        {
            while (true)
            {
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted))
                {
                    idle.CancelAfter(KeepAlive);
                    bool more;
                    try { more = await items.WaitToReadAsync(idle.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                    {
                        // A comment now and then: a closed tab is noticed, and proxies keep the stream open.
                        await response.WriteAsync(": keep-alive\n\n", aborted).ConfigureAwait(false);
                        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                        continue;
                    }
                    if (!more) return;
                }
                while (batch.Count < MaxBatch && items.TryRead(out var item)) batch.Add(item);
                var text = new StringBuilder("event: ").Append(eventName).Append("\ndata: ")
                    .Append(JsonSerializer.Serialize(batch, json)).Append("\n\n").ToString();
                batch.Clear();
                await response.WriteAsync(text, aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser went away.
        }
    }

    /// <summary>Copies several sources into one channel until the request ends; the channel completes when all sources have.</summary>
    public static ChannelReader<T> Merge<T>(IEnumerable<IAsyncEnumerable<T>> sources, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        var pumps = sources.Select(async source =>
        {
            try
            {
                await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false)) channel.Writer.TryWrite(item);
            }
            catch (OperationCanceledException) { }
        }).ToList();
        _ = Task.WhenAll(pumps).ContinueWith(_ => channel.Writer.TryComplete(), TaskScheduler.Default);
        return channel.Reader;
    }
}
