using Orchestration.Hosting.ApplicationModel;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

/// <summary>
/// A model under test in its own temporary folder: state, records and captured console output.
/// Services are real processes (assets/testsvc.py) that record what happens to them.
/// </summary>
internal sealed class TestStack : IAsyncDisposable
{
    public static readonly string ServiceScript = Path.Combine(AppContext.BaseDirectory, "assets", "testsvc.py");

    private DistributedApplication? _app;

    public TestStack(ITestOutputHelper? output = null, Action<DistributedApplicationOptions>? configure = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("orch-test-").FullName;
        RecordFile = Path.Combine(Directory, "record.txt");
        Output = new CapturedOutput(output);
        var options = new DistributedApplicationOptions
        {
            AppHostDirectory = Directory,
            AppHostAssembly = typeof(TestStack).Assembly, // its build recorded where TestProjectService is built
            StateDirectory = Path.Combine(Directory, "state"),
            Output = Output,
            WaitTimeout = TimeSpan.FromSeconds(30),
            StopGracePeriod = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        Builder = DistributedApplication.CreateBuilder(options);
    }

    public string Directory { get; }
    public string RecordFile { get; }
    public CapturedOutput Output { get; }
    public IDistributedApplicationBuilder Builder { get; }
    public DistributedApplication App => _app ??= Builder.Build();

    /// <summary>An HTTP service with a /health check; extra arguments go to testsvc.py.</summary>
    public IResourceBuilder<ExecutableResource> Service(string name, params string[] args)
        => Builder.AddExecutable(name, "python3", Directory, [ServiceScript, "--name", name, "--record", RecordFile, .. args])
            .WithHttpEndpoint(env: "PORT")
            .WithHttpHealthCheck("/health");

    /// <summary>A process that exits with <paramref name="exitCode"/> after <paramref name="seconds"/>.</summary>
    public IResourceBuilder<ExecutableResource> Job(string name, int exitCode, double seconds = 0.1, params string[] args)
        => Builder.AddExecutable(name, "python3", Directory,
            [ServiceScript, "--name", name, "--record", RecordFile, "--exit-code", exitCode.ToString(), "--exit-after", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args]);

    public Task StartAsync() => App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

    /// <summary>What the services recorded, in order.</summary>
    public IReadOnlyList<RecordEntry> Records() => File.Exists(RecordFile)
        ? [.. File.ReadAllLines(RecordFile).Select(RecordEntry.Parse)]
        : [];

    public async ValueTask DisposeAsync()
    {
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
