using System.Reflection;

namespace Orchestration.NativeRuntime.Running;

/// <summary>
/// What the native runtime does for the process when it is the AppHost's own (its entry point), never in a test's:
/// <list type="bullet">
/// <item>takes SIGINT back to its default when the AppHost was started with it ignored (<c>./run.sh &amp;</c> in a
/// script), so Ctrl+C or <c>kill -INT</c> stops the stack in order and no process it starts inherits the deafness;</item>
/// <item>ends a model error Aspire's builder throws in Program.cs (a duplicate name, a bad name, a misused builder
/// method) like an invalid model: its message as the problem list and exit code 1, not an unhandled exception's
/// 134 and stack trace. Other exceptions are bugs and keep their stack trace.</item>
/// </list>
/// </summary>
internal static class AppHostProcess
{
    private static int _taken;

    public static void TakeOver(string applicationName)
    {
        if (Assembly.GetEntryAssembly()?.GetName().Name != applicationName) return; // a test host, or a tool that loaded the AppHost
        if (Interlocked.Exchange(ref _taken, 1) == 1) return;
        Hosting.Orchestration.InterruptSignal.RestoreDefault();
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is not (Aspire.Hosting.DistributedApplicationException or Hosting.DistributedApplicationException or ArgumentException)) return;
            Console.Error.WriteLine(new Hosting.ModelValidationException([((Exception)e.ExceptionObject).Message]).Message);
            Environment.Exit(1);
        };
    }
}
