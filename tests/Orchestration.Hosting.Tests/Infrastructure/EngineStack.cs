using Orchestration.Hosting.ApplicationModel;
using Xunit.Abstractions;

namespace Orchestration.Hosting.Tests;

/// <summary>
/// A model under test written with the engine's own builder (not Aspire's), for the few behaviours Aspire's model cannot
/// run natively yet: WithReplicas(n &gt; 1) (being made native on branch replicas). In its own temporary folder: state, records and captured console output.
/// Services are real processes (assets/testsvc.py) that record what happens to them.
/// </summary>
internal sealed class EngineStack : IAsyncDisposable
{
    public static string ServiceScript => TestStack.ServiceScript;

    private DistributedApplication? _app;

    public EngineStack(ITestOutputHelper? output = null, Action<DistributedApplicationOptions>? configure = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("orch-test-").FullName;
        RecordFile = Path.Combine(Directory, "record.txt");
        Output = new CapturedOutput(output);
        var options = new DistributedApplicationOptions
        {
            AppHostDirectory = Directory,
            AppHostAssembly = typeof(EngineStack).Assembly, // its build recorded where TestProjectService is built
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
