namespace Orchestration.NativeRuntime.Running;

/// <summary>
/// The other half of the AppHost's start-up code (Orchestration.Hosting/build/AppHostStartup.cs): the variable it set
/// so that CreateBuilder does not watch the working directory has been read by now, and is not passed on to the
/// processes the AppHost starts, under either runtime.
/// </summary>
internal static class ConfigurationWatch
{
    private const string Variable = "DOTNET_hostBuilder__reloadConfigOnChange";

    public static void StopPassingOn()
    {
        if (AppContext.GetData(Variable) is null) return; // the user's own setting, or no start-up code
        Environment.SetEnvironmentVariable(Variable, null);
        AppContext.SetData(Variable, null);
    }
}
