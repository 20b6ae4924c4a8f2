using System.Reflection;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.NativeRuntime.Running;
using Aspire = Aspire.Hosting;

namespace Orchestration.Hosting.Testing;

/// <summary>
/// An AppHost written with Aspire's API, started for a test by Aspire's own testing builder (which runs its Main
/// up to <c>Build()</c>) and run by the native runtime it asks for, with the test's options: a state folder of
/// its own, free ports, the console in the test's log.
/// </summary>
internal static class AspireAppHost
{
    public static bool IsAspireAppHost(Assembly assembly) => assembly.GetReferencedAssemblies().Any(a => a.Name == "Aspire.Hosting");

    public static async Task<TestingApplication> BuildAsync(Type entryPoint, Action<DistributedApplicationOptions>? configure, string[]? args)
    {
        var scratch = TestingApplication.CreateScratchFolder();
        try
        {
            var builder = await global::Aspire.Hosting.Testing.DistributedApplicationTestingBuilder.CreateAsync(entryPoint, args ?? [],
                (options, _) => options.DisableDashboard = true).ConfigureAwait(false);
            // The AppHost's Main goes on to Run() under Aspire's testing builder, which starts the host: the stack is
            // started by this test host's StartAsync instead, so a test that only builds (to publish) starts nothing.
            builder.Services.AddSingleton(new NativeOptionsConfiguration(options =>
            {
                options.StateDirectory = Path.Combine(scratch, "state");
                options.RandomizePorts = true;
                configure?.Invoke(options);
            }) { StartsStack = false });
            var aspire = await builder.BuildAsync().ConfigureAwait(false);
            var runtime = aspire.Services.GetRequiredService<NativeRuntimeService>();
            var native = await runtime.PrepareAsync().ConfigureAwait(false);
            return new TestingApplication(native, scratch, aspire, runtime);
        }
        catch
        {
            Directory.Delete(scratch, recursive: true);
            throw;
        }
    }
}
