using Orchestration.Hosting.Orchestration;
using System.Text.Json;

namespace Orchestration.Hosting.Python;

/// <summary>A requirement the virtual environment does not satisfy, and why.</summary>
internal sealed record MissingRequirement(string Name, string Reason)
{
    /// <summary>The distribution package that usually provides it (Debian names them python3-&lt;normalized name&gt;).</summary>
    public string SystemPackage => "python3-" + System.Text.RegularExpressions.Regex.Replace(Name, "[-_.]+", "-").ToLowerInvariant();

    public override string ToString() => $"{Name} ({Reason})";
}

/// <summary>
/// Asks a virtual environment's python which requirements it lacks, by what it has installed
/// (importlib.metadata) or can import. Cheap (one short python run), so it runs before every start
/// and pip runs only when something is missing.
/// </summary>
internal static class RequirementsCheck
{
    // Run with `python -I -c`: isolated, so the app's own folder cannot shadow an installed package.
    // `packaging` (a dependency of pip, and in most system Pythons) adds version and marker checks
    // when present; without it presence alone is checked.
    // Lines that name no distribution (paths, URLs, -e) cannot be checked and are left to the app.
    private const string Script = """
        import importlib.util, json, os, re, sys
        from importlib import metadata
        try:
            from packaging.requirements import Requirement
        except ImportError:
            Requirement = None

        def lines(path, seen):
            path = os.path.abspath(path)
            if path in seen:
                return
            seen.add(path)
            with open(path, encoding="utf-8") as f:
                text = re.sub(r"\\\r?\n", "", f.read())
            for raw in text.splitlines():
                line = re.sub(r"(^|\s)#.*$", "", raw).strip()
                if not line:
                    continue
                m = re.match(r"^(-r|--requirement)(\s+|=)(.+)$", line)
                if m:
                    yield from lines(os.path.join(os.path.dirname(path), m.group(3).strip()), seen)
                elif not line.startswith("-"):
                    yield re.split(r"\s+--?[a-z]", line)[0].strip()

        def check(line):
            if Requirement is not None:
                try:
                    req = Requirement(line)
                except Exception:
                    return None
                if req.marker is not None and not req.marker.evaluate():
                    return None
                name, spec = req.name, req.specifier
            else:
                m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)", line)
                if not m:
                    return None
                name, spec = m.group(1), None
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                try:
                    importable = importlib.util.find_spec(re.sub(r"[-.]+", "_", name).lower()) is not None
                except Exception:
                    importable = False
                return None if importable else (name, "not installed")
            if spec and not spec.contains(version, prereleases=True):
                return (name, f"{version} installed, {spec} wanted")
            return None

        args, wanted = sys.argv[1:], []
        if args[:1] == ["--file"]:
            wanted, args = list(lines(args[1], set())), args[2:]
        wanted += args
        missing = [m for m in map(check, wanted) if m]
        print(json.dumps([{"name": n, "reason": r} for n, r in dict(missing).items()]))
        """;

    /// <summary>What <paramref name="python"/> lacks of <paramref name="requirementsFile"/> and <paramref name="extra"/>.</summary>
    public static async Task<IReadOnlyList<MissingRequirement>> FindMissingAsync(string python, string workingDirectory, string? requirementsFile,
        IReadOnlyList<string> extra, CancellationToken cancellationToken)
    {
        List<string> args = ["-I", "-c", Script];
        if (requirementsFile is not null) args.AddRange(["--file", requirementsFile]);
        args.AddRange(extra);
        var result = await ToolCommand.RunAsync(python, args, workingDirectory, cancellationToken, timeout: TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var json = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('['));
        if (!result.Succeeded || json is null)
            throw new DistributedApplicationException($"could not check the requirements with '{python}': " +
                                                      (result.TimedOut ? "no answer within 30 s" : result.Tail()));
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => new MissingRequirement(e.GetProperty("name").GetString()!, e.GetProperty("reason").GetString()!))];
    }
}
