using Native = Orchestration.Hosting;

namespace Orchestration.NativeRuntime.Running;

/// <summary>
/// A change to the engine's run options (where the console goes, how long a dependency may take): what a test
/// host sets, registered in the AppHost's services.
/// </summary>
internal sealed class NativeOptionsConfiguration(Action<Native.DistributedApplicationOptions> configure)
{
    /// <summary>Whether Aspire's host starting starts the stack (default), or the test host starts it itself.</summary>
    public bool StartsStack { get; init; } = true;

    internal void Apply(Native.DistributedApplicationOptions options) => configure(options);
}
