namespace Orchestration.Hosting;

/// <summary>
/// Something that takes part in every run, registered as a service: it sees the whole model once its
/// own checks passed (names, references, cycles, ports, programs, parameters), before its values are
/// checked and anything starts, and may annotate any resource (the dashboard gives every process its OTLP
/// settings this way). <c>builder.Services.AddSingleton&lt;IDistributedApplicationLifecycleHook, MyHook&gt;()</c>
/// </summary>
internal interface IDistributedApplicationLifecycleHook
{
    /// <summary>Runs once, before the model is validated and anything starts.</summary>
    Task BeforeStartAsync(DistributedApplicationModel model, CancellationToken cancellationToken);

    /// <summary>Runs once the start has settled, before the start returns: what was begun beside the resources ends here.</summary>
    Task AfterStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
