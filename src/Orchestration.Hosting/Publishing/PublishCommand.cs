namespace Orchestration.Hosting.Publishing;

/// <summary>
/// <c>publish [--target compose|kubernetes|manifest|all] [--output DIR]</c>, read from the AppHost's arguments.
/// A few fixed options: parsed by hand rather than with a command-line library the AppHost would carry.
/// Without a target (or with <c>all</c>) every target is written in one go, each to its own folder.
/// </summary>
internal sealed record PublishCommand(IReadOnlyList<PublishTarget> Targets, string? Output)
{
    public const string Verb = "publish";

    public const string Usage = "Usage: dotnet run --project AppHost -- publish [--target compose|kubernetes|manifest|all] [--output DIR]";

    /// <summary>Where one target goes: <c>--output</c> itself for one target, a folder per target inside it for all.</summary>
    public string? OutputFor(PublishTarget target) =>
        Output is null ? null : Targets.Count == 1 ? Output : Path.Combine(Output, target.ToString().ToLowerInvariant());

    /// <summary>Null when the arguments are not a publish command; throws naming the problem when they are one but malformed.</summary>
    public static PublishCommand? Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != Verb) return null;
        IReadOnlyList<PublishTarget> targets = Enum.GetValues<PublishTarget>();
        string? output = null;
        for (var i = 1; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new DistributedApplicationException($"'{name}' needs a value. {Usage}"));
            switch (name)
            {
                case "--target" or "-t":
                    var text = Value();
                    targets = text.Equals("all", StringComparison.OrdinalIgnoreCase) ? Enum.GetValues<PublishTarget>()
                        : Enum.TryParse<PublishTarget>(text, ignoreCase: true, out var parsed) && !int.TryParse(text, out _) ? [parsed]
                        : throw new DistributedApplicationException($"Unknown publish target '{text}'. {Usage}");
                    break;
                case "--output" or "-o":
                    output = Value();
                    break;
                default:
                    throw new DistributedApplicationException($"Unknown publish option '{args[i]}'. {Usage}");
            }
        }
        return new PublishCommand(targets, output);
    }
}
