using Orchestration.Hosting;
using Engine = Orchestration.Hosting;

/// <summary>
/// The two scenarios whose behaviour exists only on the engine's own builder, kept on it until the process tests that
/// use them (HostProcessTests) are moved: there a builder method records a mistake instead of throwing (so a bad name
/// and a misused route are listed together), and a resource of another builder is refused. Aspire's builder throws at
/// the misused route (an unhandled exception, exit 134) and accepts the foreign resource (nothing runs).
/// </summary>
internal static class EngineBuilderScenarios
{
    public static bool TryRun(string scenario, string state)
    {
        if (scenario is not ("invalid-name" or "foreign")) return false;
        var builder = Engine.DistributedApplication.CreateBuilder(new Engine.DistributedApplicationOptions { StateDirectory = state, OwnsProcess = true });
        if (scenario == "invalid-name")
        {
            builder.AddRedis("Cache");
            builder.AddNginx("gateway").WithRoute("/api/", builder.AddExecutable("api", "python3", "."));
        }
        else
        {
            var other = Engine.DistributedApplication.CreateBuilder(new Engine.DistributedApplicationOptions { StateDirectory = state });
            builder.CreateResourceBuilder(other.AddExecutable("stray", "python3", ".").Resource);
        }
        builder.Build().Run();
        return true;
    }
}
