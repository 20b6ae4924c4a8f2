using System.Diagnostics;
using Orchestration.Hosting;
using Orchestration.Hosting.Publishing;
using Orchestration.Hosting.Testing;

namespace Orchestration.Publishing.Tests;

/// <summary>AppHost/Program.cs's model, built (never started) with a state folder of its own, and the tools the tests run.</summary>
internal static class SampleModel
{
    public static Task<TestingApplication> BuildAsync() => DistributedApplicationTestingBuilder.BuildAsync<Program>();

    /// <summary>The repository: the folder above the AppHost with the solution.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ManifestsFolder(PublishTarget target) => Path.Combine(RepositoryRoot, "manifests", target.ToString().ToLowerInvariant());

    /// <summary>The files of a target, generated as `publish` would write them into manifests/.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> GenerateAsync(PublishTarget target)
    {
        await using var app = await BuildAsync();
        return await Publisher.GenerateAsync(app.Application.Services, target, ManifestsFolder(target));
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
