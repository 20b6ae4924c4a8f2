using System.Text.Json;

namespace Orchestration.Dashboard.Tests;

/// <summary>Reads a <c>text/event-stream</c> response: each event's data is a JSON array (a batch).</summary>
internal sealed class ServerSentEventReader : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly Task<StreamReader> _reader;
    private HttpResponseMessage? _response;

    public ServerSentEventReader(HttpClient client, string path) => _reader = OpenAsync(client, path);

    private async Task<StreamReader> OpenAsync(HttpClient client, string path)
    {
        _response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, _timeout.Token);
        _response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", _response.Content.Headers.ContentType?.MediaType);
        return new StreamReader(await _response.Content.ReadAsStreamAsync(_timeout.Token));
    }

    /// <summary>The next event's data (comments and keep-alives skipped).</summary>
    public async Task<JsonElement> NextBatchAsync()
    {
        var reader = await _reader;
        while (await reader.ReadLineAsync(_timeout.Token) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal)) return JsonDocument.Parse(line["data: ".Length..]).RootElement;
        throw new EndOfStreamException("The event stream ended.");
    }

    public void Dispose()
    {
        _timeout.Cancel();
        _response?.Dispose();
        _timeout.Dispose();
    }
}
