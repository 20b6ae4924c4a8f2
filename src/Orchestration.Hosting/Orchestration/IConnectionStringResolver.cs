namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Connection strings as the local run resolves them: what <see cref="DistributedApplication.GetConnectionStringAsync"/>
/// answers, for services of the AppHost that have no handle on the application (the dashboard).
/// <c>var cs = await services.GetRequiredService&lt;IConnectionStringResolver&gt;().GetConnectionStringAsync("pg");</c>
/// </summary>
internal interface IConnectionStringResolver
{
    /// <summary>
    /// The resource's connection string with every value resolved (passwords included). Throws
    /// <see cref="DistributedApplicationException"/> when the resource has none, and
    /// <see cref="InvalidOperationException"/> before the application has been validated.
    /// </summary>
    Task<string?> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default);
}
