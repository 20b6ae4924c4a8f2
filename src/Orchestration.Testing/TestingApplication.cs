using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.Testing;

/// <summary>A stack started for a test. Disposal stops every process and removes its data.</summary>
public sealed class TestingApplication : IAsyncDisposable
{
    private readonly string _scratch;
    private readonly NativeRuntime.Running.NativeRuntimeService? _runtime;

    internal TestingApplication(DistributedApplication application, string scratch,
        global::Aspire.Hosting.DistributedApplication? aspire = null, NativeRuntime.Running.NativeRuntimeService? runtime = null)
    {
        Application = application;
        _scratch = scratch;
        AspireApplication = aspire;
        _runtime = runtime;
    }

    /// <summary>For an AppHost written with Aspire's API: Aspire's application, whose model the engine runs.</summary>
    public global::Aspire.Hosting.DistributedApplication? AspireApplication { get; }

    /// <summary>A scratch folder for one test's stack, passable (not listable) by others: services that drop root (PostgreSQL) reach their data inside.</summary>
    internal static string CreateScratchFolder()
    {
        var scratch = Directory.CreateTempSubdirectory("orchestration-test-").FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(scratch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return scratch;
    }

    /// <summary>Starts everything and returns once the stack is healthy; throws naming each resource that is not.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (AspireApplication is null)
        {
            await Application.StartAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        await AspireApplication.StartAsync(cancellationToken).ConfigureAwait(false);
        await _runtime!.StartStackAsync(cancellationToken).ConfigureAwait(false);
        if (_runtime.StartFailure is { } failure) throw failure;
    }

    /// <summary>The application itself: states, logs, commands.</summary>
    internal DistributedApplication Application { get; }

    /// <summary>Resource states.</summary>
    internal ResourceNotificationService ResourceNotifications => Application.ResourceNotifications;

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
        if (AspireApplication is not null) await AspireApplication.DisposeAsync().ConfigureAwait(false);
        await Application.DisposeAsync().ConfigureAwait(false);
        try { Directory.Delete(_scratch, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
