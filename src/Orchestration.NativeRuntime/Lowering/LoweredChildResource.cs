using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>An Aspire resource that lives in another (a database in its server): no process, healthy by its own checks.</summary>
internal sealed class LoweredChildResource(string name, string typeName, NativeModel.IResource parent)
    : NativeModel.Resource(name), NativeModel.IResourceWithParent, NativeModel.IResourceWithWaitSupport
{
    public NativeModel.IResource Parent { get; } = parent;

    public override string TypeName { get; } = typeName;
}
