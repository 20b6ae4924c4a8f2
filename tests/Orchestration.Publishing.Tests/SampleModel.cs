using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orchestration.Hosting.Publishing;
using Orchestration.NativeRuntime.Running;
using AspireTesting = Aspire.Hosting.Testing;

namespace Orchestration.Publishing.Tests;

/// <summary>AppHost/Program.cs's model, built (never started) with a state folder of its own, and the tools the tests run.</summary>
internal static class SampleModel
{
    /// <summary>
    /// The AppHost's Aspire model, built by Aspire's own testing builder (its Main, up to <c>Build()</c>) and lowered by the
    /// native runtime as <c>publish</c> lowers it; nothing starts.
    /// </summary>
    public static Task<LoweredModel> BuildAsync() => LoweredModel.BuildAsync(typeof(Program));

    /// <summary>The repository: the folder above the AppHost with the solution.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ManifestsFolder(PublishTarget target) => Path.Combine(RepositoryRoot, "manifests", target.ToString().ToLowerInvariant());

    /// <summary>The files of a target, generated as `publish` would write them into manifests/.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> GenerateAsync(PublishTarget target)
    {
        await using var model = await BuildAsync();
        return await Publisher.GenerateAsync(model.Services, target, ManifestsFolder(target));
    }

    /// <summary>Runs a tool to its end; its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Where a program is on PATH, or null.</summary>
    public static string? Find(string program) => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orchestration.sln"))) return dir.FullName;
        throw new InvalidOperationException("Orchestration.sln not found above the test's folder.");
    }
}

/// <summary>
/// An Aspire AppHost's model as the publishers read it: Aspire's application (its model, its parameters) and the engine's
/// model the native runtime lowered it into (<see cref="Services"/>, what <c>publish</c> hands the writers).
/// </summary>
internal sealed class LoweredModel : IAsyncDisposable
{
    private readonly string _scratch;

    private LoweredModel(Aspire.Hosting.DistributedApplication aspire, Orchestration.Hosting.DistributedApplication engine, string scratch)
    {
        Aspire = aspire;
        Engine = engine;
        _scratch = scratch;
    }

    /// <summary>The AppHost's application, as Aspire built it.</summary>
    public Aspire.Hosting.DistributedApplication Aspire { get; }

    /// <summary>The lowered model's application: what the writers read.</summary>
    public Orchestration.Hosting.DistributedApplication Engine { get; }

    /// <summary>The services the writers take (<c>Publisher.GenerateAsync(Services, ...)</c>).</summary>
    public IServiceProvider Services => Engine.Services;

    public static async Task<LoweredModel> BuildAsync(Type entryPoint)
    {
        var scratch = Directory.CreateTempSubdirectory("publish-model-").FullName;
        try
        {
            var builder = await AspireTesting.DistributedApplicationTestingBuilder.CreateAsync(entryPoint, [],
                (options, _) => options.DisableDashboard = true);
            // Generated parameters into a state folder of this test's own, never the machine's.
            builder.Configuration["Orchestration:StateDirectory"] = Path.Combine(scratch, "state");
            // The AppHost's Main goes on to Run() under Aspire's testing builder: the runtime then only lowers the model.
            builder.Services.AddSingleton(new NativeOptionsConfiguration(_ => { }) { StartsStack = false });
            var aspire = await builder.BuildAsync();
            try
            {
                var engine = await aspire.Services.GetRequiredService<NativeRuntimeService>().PrepareAsync();
                return new LoweredModel(aspire, engine, scratch);
            }
            catch
            {
                await aspire.DisposeAsync();
                throw;
            }
        }
        catch
        {
            Directory.Delete(scratch, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Aspire.DisposeAsync();
        await Engine.DisposeAsync();
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}
