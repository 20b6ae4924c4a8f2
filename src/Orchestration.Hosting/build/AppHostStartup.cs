// Compiled into every Aspire AppHost that imports Orchestration.Hosting.targets (IsAspireHost): code that runs
// before the AppHost's Main, when it is the program (not when a test host loads the AppHost's assembly).
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Orchestration.AppHostStartup;

internal static class AppHostStartup
{
    /// <summary>The variable set below; UseNativeRuntime takes it out again (ConfigurationWatch).</summary>
    private const string ReloadVariable = "DOTNET_hostBuilder__reloadConfigOnChange";

#pragma warning disable CA2255 // a module initializer in an app: the only code that runs before CreateBuilder
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        if (Assembly.GetEntryAssembly() != typeof(AppHostStartup).Assembly) return;
        DoNotWatchTheWorkingDirectory();
    }

    /// <summary>
    /// Aspire's CreateBuilder reads appsettings.json from the working directory with reload on change, which makes
    /// .NET put an inotify watch on every folder under it, synchronously: run from a repository's root that is
    /// thousands of folders (.git, node_modules, bin, obj) and 80-150 ms before the first process starts, for a
    /// reload an AppHost never acts on. Turned off the one way the host reads that early (its DOTNET_ environment),
    /// unless the user set it; UseNativeRuntime takes the variable out again, so the processes the AppHost starts
    /// do not inherit it.
    /// </summary>
    private static void DoNotWatchTheWorkingDirectory()
    {
        if (Environment.GetEnvironmentVariable(ReloadVariable) is not null) return;
        Environment.SetEnvironmentVariable(ReloadVariable, "false");
        AppContext.SetData(ReloadVariable, "set by the AppHost");
    }
}
