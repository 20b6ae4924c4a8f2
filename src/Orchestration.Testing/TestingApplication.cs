using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.Testing;

/// <summary>A stack started for a test. Disposal stops every process and removes its data.</summary>
public sealed class TestingApplication : IAsyncDisposable
{
    private readonly string _scratch;

    internal TestingApplication(DistributedApplication application, string scratch)
    {
        Application = application;
        _scratch = scratch;
    }

    /// <summary>The application itself: states, logs, commands.</summary>
    public DistributedApplication Application { get; }

    /// <summary>Resource states.</summary>
    public ResourceNotificationService ResourceNotifications => Application.ResourceNotifications;

    /// <summary>An HttpClient whose base address is the resource's endpoint: <c>app.CreateHttpClient("gateway")</c>.</summary>
    public HttpClient CreateHttpClient(string resourceName, string endpointName = "http")
        => new() { BaseAddress = Application.GetEndpoint(resourceName, endpointName) };

    /// <summary>A resource's connection string as this run resolved it: <c>await app.GetConnectionStringAsync("app")</c>.</summary>
    public Task<string?> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default)
        => Application.GetConnectionStringAsync(resourceName, cancellationToken);

    /// <summary>Waits until every replica of the resource is healthy; throws with the cause if it fails instead.</summary>
    public Task WaitForHealthyAsync(string resourceName, CancellationToken cancellationToken = default)
        => Application.ResourceNotifications.WaitForResourceHealthyAsync(resourceName, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Application.DisposeAsync().ConfigureAwait(false);
        try { Directory.Delete(_scratch, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
