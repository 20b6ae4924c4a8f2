namespace Orchestration.Hosting;

/// <summary>
/// An AppHost's Program.cs is top-level code: a model error thrown there (a misused builder method, the
/// AppHost's own checks) would end the process as an unhandled exception — exit code 134 and a stack
/// trace. Such an error is printed as the problem list it is and the AppHost exits with 1. Other
/// exceptions are bugs, and keep their stack trace.
/// </summary>
internal static class ModelErrorExit
{
    private static int _registered;

    /// <summary>Once per process, by <c>CreateBuilder(args)</c>: the AppHost's entry point, never a test's.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is not (DistributedApplicationException or ArgumentException)) return;
            var error = (Exception)e.ExceptionObject;
            Console.Error.WriteLine(error is ModelValidationException ? error.Message : new ModelValidationException([error.Message]).Message);
            Environment.Exit(1);
        };
    }
}
