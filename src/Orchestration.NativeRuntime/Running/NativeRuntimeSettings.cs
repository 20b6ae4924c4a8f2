namespace Orchestration.NativeRuntime.Running;

/// <summary>
/// What the runtime learns from the AppHost's builder: where the AppHost project lives (relative paths, tools, state),
/// and the configuration Aspire's parameters read their values from (not always the host's, under a test host).
/// </summary>
internal sealed record NativeRuntimeSettings(string AppHostDirectory, Microsoft.Extensions.Configuration.IConfiguration ParameterConfiguration);
