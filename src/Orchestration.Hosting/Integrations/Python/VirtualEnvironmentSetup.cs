using System.Collections.Concurrent;
using System.Diagnostics;
using Orchestration.Hosting.ApplicationModel;
using Orchestration.Hosting.Orchestration;

namespace Orchestration.Hosting.Python;

/// <summary>
/// Makes a Python app's virtual environment ready just before it starts: creates it when missing,
/// then checks its requirements and tries pip only when something is missing. Anything that cannot
/// be made right fails the start with what to do, never with a traceback from the app.
/// One app at a time per environment (replicas and apps may share one).
/// </summary>
internal sealed class VirtualEnvironmentSetup(StackConsole console)
{
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromMinutes(2);
    // pip's own --timeout 5 --retries 1 make an unreachable index fail in seconds; this only bounds a hung install.
    private static readonly TimeSpan PipTimeout = TimeSpan.FromMinutes(2);
    private static readonly Dictionary<string, string> PipEnvironment = new()
    {
        ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
        ["PIP_NO_INPUT"] = "1",
    };

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task PrepareAsync(PythonAppResource app, CancellationToken cancellationToken)
    {
        var venv = app.VirtualEnvironment;
        var gate = _gates.GetOrAdd(venv.Path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!venv.Exists) await CreateAsync(app, venv, cancellationToken).ConfigureAwait(false);
            await EnsureRequirementsAsync(app, venv, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task CreateAsync(PythonAppResource app, PythonVirtualEnvironment venv, CancellationToken cancellationToken)
    {
        if (venv.Problem() is { } problem) throw new DistributedApplicationException(problem);
        var basePython = PythonInterpreter.FindBase()
            ?? throw new DistributedApplicationException($"no python3 to create the virtual environment '{venv.Path}' with. Install it: {PythonInterpreter.InstallHint}");

        console.WriteStatus(app.Name, $"creating virtual environment {venv.Path} (from {basePython}, with system site-packages)");
        var clock = Stopwatch.StartNew();
        var existed = Directory.Exists(venv.Path);
        ToolResult result;
        try
        {
            result = await ToolCommand.RunAsync(basePython, ["-m", "venv", "--system-site-packages", venv.Path], app.AppDirectory, cancellationToken, timeout: CreateTimeout).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (!existed) TryDelete(venv.Path);
            throw;
        }
        if (!result.Succeeded || !venv.Exists)
        {
            // A half-made environment (its python linked before ensurepip failed) would pass for a real one next time.
            if (!existed) TryDelete(venv.Path);
            throw new DistributedApplicationException(
                $"could not create the virtual environment '{venv.Path}' with {basePython} -m venv: " +
                $"{(result.TimedOut ? $"no result within {CreateTimeout.TotalSeconds:0} s" : result.Tail())}. " +
                $"Python needs its venv module (with ensurepip): {PythonInterpreter.InstallHint}");
        }
        console.WriteStatus(app.Name, $"virtual environment created in {clock.ElapsedMilliseconds} ms");
    }

    private async Task EnsureRequirementsAsync(PythonAppResource app, PythonVirtualEnvironment venv, CancellationToken cancellationToken)
    {
        var file = app.RequirementsFile;
        if (file is null && app.ImpliedRequirements.Count == 0) return;
        var missing = await RequirementsCheck.FindMissingAsync(venv.PythonPath, app.AppDirectory, file, app.ImpliedRequirements, cancellationToken).ConfigureAwait(false);
        if (missing.Count == 0) return;

        List<string> targets = file is null ? [] : ["-r", file];
        targets.AddRange(app.ImpliedRequirements);
        var pipCommand = "pip install " + string.Join(' ', targets.Select(t => t == file ? Path.GetRelativePath(app.AppDirectory, file) : t));
        List<string> pipArgs = ["-m", "pip", "install", "--timeout", "5", "--retries", "1", .. targets];
        console.WriteStatus(app.Name, $"the virtual environment lacks {string.Join(", ", missing)}; trying {pipCommand}");
        var pip = await ToolCommand.RunAsync(venv.PythonPath, pipArgs, app.AppDirectory, cancellationToken, environment: PipEnvironment, timeout: PipTimeout).ConfigureAwait(false);
        if (pip.Succeeded)
        {
            missing = await RequirementsCheck.FindMissingAsync(venv.PythonPath, app.AppDirectory, file, app.ImpliedRequirements, cancellationToken).ConfigureAwait(false);
            if (missing.Count == 0)
            {
                console.WriteStatus(app.Name, "requirements installed");
                return;
            }
        }
        throw new DistributedApplicationException(MissingMessage(venv, missing, pipCommand, pip));
    }

    private static string MissingMessage(PythonVirtualEnvironment venv, IReadOnlyList<MissingRequirement> missing, string pipCommand, ToolResult pip)
    {
        var why = pip.TimedOut ? $"no result within {PipTimeout.TotalSeconds:0} s"
            : pip.Succeeded ? "it ran, but they are still missing"
            : pip.Output.Split('\n').LastOrDefault(l => l.StartsWith("ERROR:", StringComparison.Ordinal))?["ERROR:".Length..].Trim() ?? pip.Tail(1);
        var packages = string.Join(' ', missing.Select(m => m.SystemPackage).Distinct());
        var remedy = venv.IncludesSystemSitePackages == false
            ? $"This environment was made without --system-site-packages, so it cannot see system packages: delete '{venv.Path}' " +
              $"(it is made again at start, with them) and install the system packages: apt-get install {packages}"
            : $"Install {(missing.Count == 1 ? "it as a system package" : "them as system packages")}, which the environment sees: apt-get install {packages}";
        return $"the virtual environment '{venv.Path}' lacks {string.Join(", ", missing)}, and `{pipCommand}` could not install " +
               $"{(missing.Count == 1 ? "it" : "them")} ({why}; is a package index reachable?). {remedy} — or make a package index reachable (PIP_INDEX_URL) and start again.";
    }

    private static void TryDelete(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
