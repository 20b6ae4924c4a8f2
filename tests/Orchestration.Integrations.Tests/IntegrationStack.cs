using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Orchestration.NativeRuntime.Running;
using Orchestration.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Orchestration.Integrations.Tests;

/// <summary>
/// An Aspire model run natively (<c>UseNativeRuntime()</c>) in its own temporary folder (the AppHost folder, state,
/// data volumes), with the AppHost's console in the test log. What it hands the test is what a user of Aspire's API
/// sees: states on <see cref="ResourceNotificationService"/>, output on <see cref="ResourceLoggerService"/>, Aspire's
/// lifecycle commands, connection strings, endpoints, and the console.
/// </summary>
internal sealed partial class IntegrationStack : IAsyncDisposable
{
    private readonly ConsoleCapture _console;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _lines = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopWatching = new();
    private readonly List<Task> _watchers = [];
    private DistributedApplication? _app;

    public IntegrationStack(ITestOutputHelper output, string? stateDirectory = null, params string[] args)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("orch-int-").FullName;
        _console = new ConsoleCapture(new TestOutputWriter(output));
        Builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args,
            // The AppHost's folder (relative paths of apps and static files): Aspire's project directory.
            ProjectDirectory = Directory,
        }).UseNativeRuntime();
        // The engine's run options are the AppHost's settings (section Orchestration), as its appsettings.json would give them:
        // the state folder (parameters, data volumes), and a dependency's wait shorter than a developer's 2 minutes.
        Builder.Configuration["Orchestration:StateDirectory"] = stateDirectory ?? Path.Combine(Directory, "state");
        Builder.Configuration["Orchestration:WaitTimeout"] = "00:01:00";
        // What only code can say: where the console goes.
        Builder.Services.Configure<NativeRuntimeOptions>(options => options.Output = _console);
    }

    public string Directory { get; }
    public IDistributedApplicationBuilder Builder { get; }
    public DistributedApplication App => _app ??= Builder.Build();

    /// <summary>Everything the AppHost printed: state changes, failures with their causes, every process's lines.</summary>
    public string Console => _console.Text;

    public async Task StartAsync()
    {
        await App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        // Once started: Aspire names each resource's instance (and its log) as the run begins; a watch replays what was written before it.
        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var resource in App.Services.GetRequiredService<DistributedApplicationModel>().Resources)
            _watchers.Add(CollectAsync(loggers, resource));
    }

    /// <summary>
    /// Starts the model expecting it refused before anything starts; the problems it names, one each, as the AppHost
    /// prints them (Aspire's start ends with <see cref="ModelRejectedException"/>).
    /// </summary>
    public async Task<IReadOnlyList<string>> StartRejectedAsync()
    {
        var e = await Assert.ThrowsAsync<ModelRejectedException>(StartAsync);
        Assert.StartsWith("The application model is invalid; nothing was started", e.Message);
        return [.. e.Message.Split('\n').Where(l => l.StartsWith("  - ", StringComparison.Ordinal)).Select(l => l[4..].TrimEnd('\r'))];
    }

    /// <summary>The output lines of a resource, as Aspire's logger service hands them out (its timestamp taken off).</summary>
    public IReadOnlyList<string> Lines(string resourceName) => [.. _lines.GetOrAdd(resourceName, _ => new())];

    /// <summary>Waits (up to 5 s) for a line of the resource's output that <paramref name="match"/> accepts.</summary>
    public async Task<bool> WaitForLineAsync(string resourceName, Func<string, bool> match)
    {
        for (var i = 0; i < 250; i++, await Task.Delay(20))
            if (Lines(resourceName).Any(match)) return true;
        return false;
    }

    /// <summary>The process a resource runs as, from its snapshot (the <c>executable.pid</c> property Aspire's dashboard shows).</summary>
    public int? Pid(string resourceName)
        => App.ResourceNotifications.TryGetCurrentState(resourceName, out var e)
           && e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid, CultureInfo.InvariantCulture)
            : null;

    /// <summary>Waits (up to 10 s) for the resource's Aspire state (<see cref="KnownResourceStates"/>): states reach Aspire as the engine publishes them.</summary>
    public async Task<string?> WaitForStateAsync(string resourceName, string state)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await App.ResourceNotifications.WaitForResourceAsync(resourceName, state, timeout.Token); }
        catch (OperationCanceledException) { }
        return Snapshot(resourceName).State?.Text;
    }

    /// <summary>The resource's current Aspire snapshot.</summary>
    public CustomResourceSnapshot Snapshot(string resourceName)
        => App.ResourceNotifications.TryGetCurrentState(resourceName, out var e) ? e.Snapshot : throw new InvalidOperationException($"No state for '{resourceName}'.");

    /// <summary>Runs one of Aspire's lifecycle commands (<see cref="KnownResourceCommands"/>) on a resource, as its dashboard or CLI would.</summary>
    public async Task CommandAsync(string resourceName, string command)
    {
        var resource = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resourceName);
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"{command} on '{resourceName}' failed: {result.Message}");
    }

    private async Task CollectAsync(ResourceLoggerService loggers, IResource resource)
    {
        var lines = _lines.GetOrAdd(resource.Name, _ => new());
        try
        {
            // By resource, not name: Aspire keeps a resource's log under its unique instance name (name-suffix).
            await foreach (var batch in loggers.WatchAsync(resource).WithCancellation(_stopWatching.Token))
                foreach (var line in batch) lines.Enqueue(Timestamp().Replace(line.Content, "", 1));
        }
        catch (OperationCanceledException) { }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\S+ ")]
    private static partial Regex Timestamp();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await _stopWatching.CancelAsync();
        await Task.WhenAll(_watchers);
        _stopWatching.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The console, both into the test's log and kept, so a test can read what a user would have seen.</summary>
    private sealed class ConsoleCapture(TextWriter inner) : TextWriter
    {
        private readonly System.Text.StringBuilder _text = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public string Text { get { lock (_text) return _text.ToString(); } }

        public override void Write(char value)
        {
            lock (_text) _text.Append(value);
            inner.Write(value);
        }
    }
}
