namespace Orchestration.Hosting.Publishing;

/// <summary>
/// <c>publish --target compose|kubernetes|manifest [--output DIR]</c>, read from the AppHost's arguments.
/// A few fixed options: parsed by hand rather than with a command-line library the AppHost would carry.
/// </summary>
internal sealed record PublishCommand(PublishTarget Target, string? Output)
{
    public const string Verb = "publish";

    public const string Usage = "Usage: dotnet run --project AppHost -- publish --target compose|kubernetes|manifest [--output DIR]";

    /// <summary>Null when the arguments are not a publish command; throws naming the problem when they are one but malformed.</summary>
    public static PublishCommand? Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != Verb) return null;
        PublishTarget? target = null;
        string? output = null;
        for (var i = 1; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new DistributedApplicationException($"'{name}' needs a value. {Usage}"));
            switch (name)
            {
                case "--target" or "-t":
                    var text = Value();
                    target = Enum.TryParse<PublishTarget>(text, ignoreCase: true, out var parsed) && !int.TryParse(text, out _)
                        ? parsed
                        : throw new DistributedApplicationException($"Unknown publish target '{text}'. {Usage}");
                    break;
                case "--output" or "-o":
                    output = Value();
                    break;
                default:
                    throw new DistributedApplicationException($"Unknown publish option '{args[i]}'. {Usage}");
            }
        }
        return new PublishCommand(target ?? throw new DistributedApplicationException($"Say what to publish with --target. {Usage}"), output);
    }
}
