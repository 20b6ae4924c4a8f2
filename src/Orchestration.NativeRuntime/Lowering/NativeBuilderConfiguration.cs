using Native = Orchestration.Hosting;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>A change to the engine's builder before the lowered model is built (e.g. adding the engine's dashboard).</summary>
internal sealed class NativeBuilderConfiguration(Action<Native.IDistributedApplicationBuilder> configure)
{
    public void Apply(Native.IDistributedApplicationBuilder builder) => configure(builder);
}
