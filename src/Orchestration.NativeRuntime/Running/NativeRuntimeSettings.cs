namespace Orchestration.NativeRuntime.Running;

/// <summary>What the runtime learns from the AppHost's builder: where the AppHost project lives (relative paths, tools, state).</summary>
internal sealed record NativeRuntimeSettings(string AppHostDirectory);
