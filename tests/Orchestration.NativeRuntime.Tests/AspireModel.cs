using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Tests;

/// <summary>An Aspire model under test, run on the native engine, in its own temporary folder.</summary>
internal sealed class AspireModel : IAsyncDisposable
{
    public static readonly string ServiceScript = Path.Combine(AppContext.BaseDirectory, "assets", "testsvc.py");

    private DistributedApplication? _app;

    public AspireModel(params string[] args)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("orch-aspire-").FullName;
        RecordFile = Path.Combine(Directory, "record.txt");
        Builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args,
            // As an AppHost's dotnet run would: the AppHost's folder is the content root.
            ProjectDirectory = Directory,
        }).UseNativeRuntime();
        // In configuration rather than the arguments, which stay the AppHost's own (a publish command reads them all).
        Builder.Configuration["Orchestration:StateDirectory"] = Path.Combine(Directory, "state");
    }

    public string Directory { get; }
    public string RecordFile { get; }
    public IDistributedApplicationBuilder Builder { get; }
    public DistributedApplication App => _app ??= Builder.Build();

    /// <summary>A real HTTP service (python) on the port Aspire gives it, healthy on /health.</summary>
    public IResourceBuilder<ExecutableResource> Service(string name, params string[] args)
        => Builder.AddExecutable(name, "python3", Directory, [ServiceScript, "--name", name, "--record", RecordFile, .. args])
            .WithHttpEndpoint(env: "PORT")
            .WithHttpHealthCheck("/health");

    public Task StartAsync() => App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

    /// <summary>The events the services recorded: (event, name), in order.</summary>
    public IReadOnlyList<(string Event, string Name)> Records() => File.Exists(RecordFile)
        ? [.. File.ReadAllLines(RecordFile).Select(l => l.Split(' ')).Select(p => (p[0], p[1]))]
        : [];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
