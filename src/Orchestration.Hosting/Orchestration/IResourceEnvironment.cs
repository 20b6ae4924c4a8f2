namespace Orchestration.Hosting.Orchestration;

/// <summary>One environment variable of a process, as the local run gives it.</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Value">Its resolved value.</param>
/// <param name="IsSecret">Whether the value comes from a secret parameter (directly, or through a connection string).</param>
internal sealed record EnvironmentVariableSnapshot(string Name, string Value, bool IsSecret);

/// <summary>
/// The environment the local run gives each process, for services of the AppHost (the dashboard).
/// <c>var env = await services.GetRequiredService&lt;IResourceEnvironment&gt;().GetEnvironmentAsync("api");</c>
/// </summary>
internal interface IResourceEnvironment
{
    /// <summary>
    /// The environment of one copy (<c>api</c>, or <c>api-0</c> with replicas), sorted by name; null when
    /// it is not a process. Throws <see cref="InvalidOperationException"/> before the application has been validated.
    /// </summary>
    Task<IReadOnlyList<EnvironmentVariableSnapshot>?> GetEnvironmentAsync(string name, CancellationToken cancellationToken = default);
}
