namespace Orchestration.Hosting;

/// <summary>Knobs for one run of the stack. The defaults suit <c>dotnet run --project AppHost</c>.</summary>
public sealed class DistributedApplicationOptions
{
    /// <summary>Command-line arguments (also read as configuration).</summary>
    public string[] Args { get; set; } = [];

    /// <summary>
    /// This application is its process's AppHost (set by <c>CreateBuilder(args)</c>): it takes SIGINT back when
    /// started with it ignored (in the background of a script), and a model error escaping <c>Program.cs</c>
    /// ends the process with its message and exit code 1 instead of a crash. Off for an application inside
    /// another host (a test, an Aspire AppHost), whose process is not ours to change.
    /// </summary>
    public bool OwnsProcess { get; set; }

    /// <summary>
    /// The AppHost's assembly, whose build recorded where the AppHost lives and where the projects it
    /// runs are built (see build/Orchestration.Hosting.targets). Default: the entry assembly.
    /// </summary>
    public System.Reflection.Assembly? AppHostAssembly { get; set; }

    /// <summary>
    /// The AppHost project's folder. Default: recorded by the build, else the current directory.
    /// Relative paths in the model (projects, working directories) are resolved against it.
    /// </summary>
    public string? AppHostDirectory { get; set; }

    /// <summary>
    /// Where per-machine state lives (generated parameter values, data volumes). Default:
    /// <c>$XDG_STATE_HOME/orchestration/&lt;apphost&gt;</c> (<c>~/.local/state/...</c>; <c>/var/lib/orchestration/...</c>
    /// for root): outside the repository.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>
    /// Give every endpoint a free port, also those the model fixes (the gateway's 8080): lets tests
    /// run a stack next to a running one, and several at once.
    /// </summary>
    public bool RandomizePorts { get; set; }

    /// <summary>How long a resource waits for a dependency before it gives up and names the cause. Default 2 minutes.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a process has after its stop signal before SIGKILL, unless the resource says otherwise. Default 10 s.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lines of console output kept per resource. Default 10,000.</summary>
    public int ConsoleLogCapacity { get; set; } = 10_000;

    /// <summary>Where the prefixed output of all resources goes. Default: standard output.</summary>
    public TextWriter? Output { get; set; }

    /// <summary>Color the resource prefixes. Default: when the output is a terminal and NO_COLOR is unset.</summary>
    public bool? UseColor { get; set; }

    /// <summary>Health polling while a resource starts. Short, so a dependent starts right after its dependency is ready.</summary>
    public TimeSpan StartupPollInterval { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How long the fast startup polling lasts before it slows to <see cref="SlowStartupPollInterval"/>.</summary>
    public TimeSpan FastPollWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Health polling for a resource that is slow to start.</summary>
    public TimeSpan SlowStartupPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Health polling once a resource is healthy.</summary>
    public TimeSpan HealthyPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most one health check may take before it counts as failed.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
