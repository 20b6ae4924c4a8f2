namespace Orchestration.Hosting.Publishing.Compose;

// The part of the Compose Specification we write, as types: serialized by YamlDotNet with snake_case
// names, nulls and empty collections left out.

internal sealed class ComposeFile
{
    public Dictionary<string, ComposeService> Services { get; } = [];
    public Dictionary<string, ComposeNetwork> Networks { get; } = [];
    public Dictionary<string, ComposeVolume> Volumes { get; } = [];
    public Dictionary<string, ComposeConfig> Configs { get; } = [];
}

internal sealed class ComposeService
{
    public string? Image { get; set; }
    public ComposeBuild? Build { get; set; }
    public List<string>? Entrypoint { get; set; }
    public List<string>? Command { get; set; }
    public Dictionary<string, string> Environment { get; } = [];
    public List<ComposePort> Ports { get; } = [];
    public List<string> Volumes { get; } = [];
    public List<ComposeConfigMount> Configs { get; } = [];
    public Dictionary<string, ComposeDependency> DependsOn { get; } = [];
    public ComposeHealthcheck? Healthcheck { get; set; }
    public List<string> Networks { get; } = [];
    public string? Restart { get; set; }
    public string? StopSignal { get; set; }
    public string? StopGracePeriod { get; set; }
    public List<string> SecurityOpt { get; } = [];
    public ComposeDeploy? Deploy { get; set; }
}

internal sealed class ComposeBuild
{
    public required string Context { get; init; }
    public required string Dockerfile { get; init; }
}

internal sealed class ComposePort
{
    public int Target { get; init; }
    public int Published { get; init; }
    public string Protocol { get; init; } = "tcp";
}

internal sealed class ComposeConfigMount
{
    public required string Source { get; init; }
    public required string Target { get; init; }
}

internal sealed class ComposeDependency
{
    public required string Condition { get; init; }
}

internal sealed class ComposeHealthcheck
{
    public required List<string> Test { get; init; }
    public string Interval { get; init; } = "10s";
    public string Timeout { get; init; } = "5s";
    public int Retries { get; init; } = 6;
    public string StartPeriod { get; init; } = "30s";
}

internal sealed class ComposeDeploy
{
    /// <summary>How many containers of the service run (<c>WithReplicas</c>); left out for one, compose's default.</summary>
    public int? Replicas { get; init; }

    public required ComposeResources Resources { get; init; }
}

internal sealed class ComposeResources
{
    public required ComposeResourceValues Limits { get; init; }
    public required ComposeResourceValues Reservations { get; init; }
}

internal sealed class ComposeResourceValues
{
    public required string Cpus { get; init; }
    public required string Memory { get; init; }
}

internal sealed class ComposeNetwork
{
    public bool? Internal { get; init; }
}

internal sealed class ComposeVolume;

internal sealed class ComposeConfig
{
    public required string File { get; init; }
}
