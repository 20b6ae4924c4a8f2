namespace Orchestration.NativeRuntime.Running;

/// <summary>
/// The model is invalid and nothing was started. A cancellation, so that Aspire's <c>Run()</c>, which the
/// AppHost is stopping, ends quietly (the problems are already printed, the exit code is 1), while
/// <c>StartAsync</c> in a test throws it with the problems as its message.
/// </summary>
public sealed class ModelRejectedException(string message) : OperationCanceledException(message);
