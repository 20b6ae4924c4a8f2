namespace Orchestration.Hosting;

/// <summary>A problem with the model or the run that the user can act on; the message says how.</summary>
public class DistributedApplicationException(string message) : Exception(message);

/// <summary>The model is invalid; nothing was started. <see cref="Problems"/> lists every problem found.</summary>
public sealed class ModelValidationException(IReadOnlyList<string> problems)
    : DistributedApplicationException(Format(problems))
{
    /// <summary>Each problem, one sentence or two, with what to do about it.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;

    private static string Format(IReadOnlyList<string> problems) =>
        $"The application model is invalid; nothing was started ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):"
        + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}"));
}

/// <summary>Some resources failed to start or never became healthy. <see cref="Failures"/> names each root cause.</summary>
public sealed class StackStartException(IReadOnlyList<string> failures)
    : DistributedApplicationException("The stack did not start:" + string.Concat(failures.Select(f => $"{Environment.NewLine}  - {f}")))
{
    /// <summary>One line per failed resource.</summary>
    public IReadOnlyList<string> Failures { get; } = failures;
}
