namespace Orchestration.Hosting.Tests;

// Inside the namespace, so Aspire's types win over the engine's look-alike ones in Orchestration.Hosting.
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

/// <summary>
/// An Aspire model under test (Aspire's builder, run by <c>UseNativeRuntime()</c>) in its own temporary folder:
/// state, records and the captured AppHost console. Services are real processes (assets/testsvc.py) that record
/// what happens to them. The engine's options are set the way an AppHost sets them: configuration keys under
/// <c>Orchestration:</c> (a test may change them before the start) and, for the console, <see cref="NativeRuntimeOptions"/>.
/// </summary>
internal sealed class TestStack : IAsyncDisposable
{
    public static readonly string ServiceScript = Path.Combine(AppContext.BaseDirectory, "assets", "testsvc.py");

    private DistributedApplication? _app;

    public TestStack(ITestOutputHelper? output = null, params string[] args)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("orch-test-").FullName;
        RecordFile = Path.Combine(Directory, "record.txt");
        Output = new CapturedOutput(output);
        Builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args,
            // As an AppHost's dotnet run would: the AppHost's folder is the content root.
            ProjectDirectory = Directory,
            DisableDashboard = true,
            // Its build recorded where the projects it runs (TestProjectService) are built.
            AssemblyName = typeof(TestStack).Assembly.GetName().Name,
        }).UseNativeRuntime();
        Builder.Configuration[$"{NativeRuntimeOptions.SectionName}:StateDirectory"] ??= Path.Combine(Directory, "state");
        Builder.Configuration[$"{NativeRuntimeOptions.SectionName}:WaitTimeout"] ??= "00:00:30";
        Builder.Configuration[$"{NativeRuntimeOptions.SectionName}:StopGracePeriod"] ??= "00:00:05";
        Builder.Services.Configure<NativeRuntimeOptions>(o => o.Output = Output);
    }

    public string Directory { get; }
    public string RecordFile { get; }
    public CapturedOutput Output { get; }
    public IDistributedApplicationBuilder Builder { get; }
    public DistributedApplication App => _app ??= Builder.Build();
    public ResourceNotificationService Notifications => App.Services.GetRequiredService<ResourceNotificationService>();

    /// <summary>An HTTP service with a /health check; extra arguments go to testsvc.py.</summary>
    public IResourceBuilder<ExecutableResource> Service(string name, params string[] args)
        => Builder.AddExecutable(name, "python3", Directory, [ServiceScript, "--name", name, "--record", RecordFile, .. args])
            .WithHttpEndpoint(env: "PORT")
            .WithHttpHealthCheck("/health");

    /// <summary>A process that exits with <paramref name="exitCode"/> after <paramref name="seconds"/>.</summary>
    public IResourceBuilder<ExecutableResource> Job(string name, int exitCode, double seconds = 0.1, params string[] args)
        => Builder.AddExecutable(name, "python3", Directory,
            [ServiceScript, "--name", name, "--record", RecordFile, "--exit-code", exitCode.ToString(), "--exit-after", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args]);

    public Task StartAsync()
    {
        if (_watchingStates) return App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        // Watched from before the start, as an open dashboard watches: every log line, and every state Aspire is told.
        var notifications = Notifications;
        _watchingStates = true;
        lock (_watchers) _watchers.Add(WatchStatesAsync());
        return App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        async Task WatchStatesAsync()
        {
            try
            {
                await foreach (var e in notifications.WatchAsync(_stopWatching.Token))
                    lock (_history) _history.Add((e.Resource.Name, e.Snapshot.State?.Text));
            }
            catch (OperationCanceledException) { }
        }
    }

    private readonly CancellationTokenSource _stopWatching = new();
    private readonly List<(string Name, string? State)> _history = [];
    private readonly List<Task> _watchers = [];
    private bool _watchingStates;

    /// <summary>The states Aspire published for the resource so far, repeats folded.</summary>
    public IReadOnlyList<string?> StatesOf(string name)
    {
        lock (_history)
            return [.. _history.Where(h => h.Name == name).Select(h => h.State)
                .Aggregate(new List<string?>(), (list, state) => { if (list.Count == 0 || list[^1] != state) list.Add(state); return list; })];
    }

    /// <summary>The resource's snapshot as Aspire publishes it, once it satisfies <paramref name="until"/> (default: as it is now).</summary>
    public async Task<CustomResourceSnapshot> SnapshotAsync(string name, Func<CustomResourceSnapshot, bool>? until = null, double seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return (await Notifications.WaitForResourceAsync(name, e => until?.Invoke(e.Snapshot) ?? true, timeout.Token)).Snapshot;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"'{name}' did not reach the expected state within {seconds} s; the console:\n{string.Join('\n', Output.Lines)}");
            throw;
        }
    }

    /// <summary>The resource's snapshot once in <paramref name="state"/> (a <see cref="KnownResourceStates"/> value).</summary>
    public Task<CustomResourceSnapshot> StateAsync(string name, string state, double seconds = 20)
        => SnapshotAsync(name, s => s.State?.Text == state, seconds);

    /// <summary>
    /// What Aspire's <see cref="ResourceLoggerService"/> gives a watcher of the resource (as its dashboard watches it),
    /// read until no line has come for a moment.
    /// </summary>
    public async Task<IReadOnlyList<LogLine>> LogsAsync(string name)
    {
        var resource = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);
        var lines = new List<LogLine>();
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(resource).WithCancellation(quiet.Token))
            {
                lines.AddRange(batch);
                quiet.CancelAfter(TimeSpan.FromMilliseconds(300));
            }
        }
        catch (OperationCanceledException) { }
        return lines;
    }

    /// <summary>A log line's text: Aspire's watch gives each line behind its ISO 8601 timestamp (its dashboard shows it apart).</summary>
    public static string TextOf(LogLine line)
    {
        var space = line.Content.IndexOf(' ');
        return space > 0 && DateTimeOffset.TryParse(line.Content[..space], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _)
            ? line.Content[(space + 1)..]
            : line.Content;
    }

    /// <summary>What the services recorded, in order.</summary>
    public IReadOnlyList<RecordEntry> Records() => File.Exists(RecordFile)
        ? [.. File.ReadAllLines(RecordFile).Select(RecordEntry.Parse)]
        : [];

    public async ValueTask DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        Task[] watchers;
        lock (_watchers) watchers = [.. _watchers];
        await Task.WhenAll(watchers);
        if (_app is not null) await _app.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>One line of a service's record: event, service name, time, pid, extra.</summary>
internal sealed record RecordEntry(string Event, string Name, long TimeNs, int Pid, string? Extra)
{
    public static RecordEntry Parse(string line)
    {
        var p = line.Split(' ');
        return new RecordEntry(p[0], p[1], long.Parse(p[2]), int.Parse(p[3]), p.Length > 4 ? p[4] : null);
    }
}

/// <summary>The AppHost console as a user sees it, kept for assertions and echoed to the test log.</summary>
internal sealed class CapturedOutput(ITestOutputHelper? output) : TextWriter
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly System.Text.StringBuilder _current = new();

    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get { lock (_gate) return [.. _lines]; }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value != '\n') { _current.Append(value); return; }
            var line = _current.ToString().TrimEnd('\r');
            _current.Clear();
            _lines.Add(line);
            try { output?.WriteLine(line); } catch (InvalidOperationException) { /* test already finished */ }
        }
    }
}

internal static class ProcessCheck
{
    /// <summary>Whether a process with this pid exists (and is not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z";
        }
        catch (IOException) { return false; }
    }

    public static async Task<bool> WaitGoneAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsAlive(pid)) return true;
            await Task.Delay(50);
        }
        return !IsAlive(pid);
    }
}
