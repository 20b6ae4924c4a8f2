namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A mistake found while the model was written (a route to a service without an HTTP endpoint, a bad
/// volume name). Builder methods record it instead of throwing, so that validation lists it with every
/// other problem of the model, and the AppHost exits with that list rather than with a stack trace.
/// </summary>
internal sealed record ModelProblemAnnotation(string Problem) : IResourceAnnotation;

/// <summary>Records a <see cref="ModelProblemAnnotation"/>: <c>return builder.WithProblem("...");</c></summary>
internal static class ModelProblemExtensions
{
    public static IResourceBuilder<T> WithProblem<T>(this IResourceBuilder<T> builder, string problem) where T : IResource
        => builder.WithAnnotation(new ModelProblemAnnotation(problem));
}
