using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Orchestration.Hosting.Testing;

/// <summary>
/// Starts the model an AppHost's Program.cs builds — the one `dotnet run` uses, not a copy — inside a
/// test: every endpoint on a free port, data in a temporary folder of its own (so test classes can
/// run in parallel), everything removed on dispose.
/// <code>await using var app = await DistributedApplicationTestingBuilder.StartAsync&lt;Program&gt;();</code>
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>
    /// Runs <typeparamref name="TEntryPoint"/>'s assembly's entry point up to <c>builder.Build()</c>,
    /// then starts the application and waits until every resource is healthy (or throws naming what failed).
    /// </summary>
    /// <typeparam name="TEntryPoint">Any type of the AppHost assembly (its <c>Program</c>).</typeparam>
    /// <param name="configure">Further options (wait timeout, output, a fixed state folder to test persistence).</param>
    /// <param name="args">Command-line arguments for the AppHost (also read as configuration).</param>
    /// <param name="cancellationToken">Stops waiting for the start.</param>
    public static async Task<TestingApplication> StartAsync<TEntryPoint>(
        Action<DistributedApplicationOptions>? configure = null, string[]? args = null, CancellationToken cancellationToken = default)
    {
        var app = await BuildAsync<TEntryPoint>(configure, args).ConfigureAwait(false);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return app;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Builds the AppHost's application with test options, without starting it.</summary>
    public static Task<TestingApplication> BuildAsync<TEntryPoint>(Action<DistributedApplicationOptions>? configure = null, string[]? args = null)
    {
        var assembly = typeof(TEntryPoint).Assembly;
        if (AspireAppHost.IsAspireAppHost(assembly)) return AspireAppHost.BuildAsync(typeof(TEntryPoint), configure, args);
        var entryPoint = assembly.EntryPoint
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no entry point; pass a type of the AppHost project.");
        var scratch = TestingApplication.CreateScratchFolder();
        var interception = new EntryPointInterception(assembly, options =>
        {
            options.StateDirectory = Path.Combine(scratch, "state");
            options.RandomizePorts = true;
            configure?.Invoke(options);
        });

        // On a thread of its own, so the interception flows into Main and Main's blocking wait does not block the caller.
        return Task.Run(() =>
        {
            EntryPointInterception.Current.Value = interception;
            try
            {
                entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args ?? []]);
            }
            catch (TargetInvocationException e) when (e.InnerException is EntryPointStoppedException)
            {
                return new TestingApplication(interception.Application!, scratch);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                Directory.Delete(scratch, recursive: true);
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
            Directory.Delete(scratch, recursive: true);
            throw new InvalidOperationException($"{assembly.GetName().Name}'s Program returned without calling builder.Build().");
        });
    }
}
