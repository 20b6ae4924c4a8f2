using Orchestration.Tests.Shared;
using Xunit.Abstractions;

namespace Orchestration.Integrations.Tests;

/// <summary>A model in its own temporary folder (state, data volumes) with its console output in the test log.</summary>
internal sealed class IntegrationStack : IAsyncDisposable
{
    private DistributedApplication? _app;

    public IntegrationStack(ITestOutputHelper output, string? stateDirectory = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("orch-int-").FullName;
        Builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            AppHostDirectory = Directory,
            StateDirectory = stateDirectory ?? Path.Combine(Directory, "state"),
            Output = new TestOutputWriter(output),
            WaitTimeout = TimeSpan.FromSeconds(60),
        });
    }

    public string Directory { get; }
    public IDistributedApplicationBuilder Builder { get; }
    public DistributedApplication App => _app ??= Builder.Build();

    public Task StartAsync() => App.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
