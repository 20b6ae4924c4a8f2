namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A Python virtual environment (a folder made by <c>python3 -m venv</c>). Ours are made with
/// <c>--system-site-packages</c>, so distribution packages (Debian's <c>python3-psycopg</c>, ...)
/// serve where no package index is reachable.
/// </summary>
/// <param name="path">The folder (absolute).</param>
/// <param name="createIfMissing">Whether it is created before the app starts when it does not exist.</param>
internal sealed class PythonVirtualEnvironment(string path, bool createIfMissing = true)
{
    /// <summary>Where an app's environment is, relative to its folder, unless it says otherwise.</summary>
    public const string DefaultPath = ".venv";

    /// <summary>The folder.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Whether it is created before the app starts when it does not exist.</summary>
    public bool CreateIfMissing { get; } = createIfMissing;

    /// <summary>Its python.</summary>
    public string PythonPath => OperatingSystem.IsWindows()
        ? System.IO.Path.Combine(Path, "Scripts", "python.exe")
        : System.IO.Path.Combine(Path, "bin", "python");

    /// <summary>Its folder of programs (put first on the app's PATH).</summary>
    public string BinPath => System.IO.Path.GetDirectoryName(PythonPath)!;

    /// <summary>Whether it exists with a python that runs (a link to a base interpreter since removed does not).</summary>
    public bool Exists => File.Exists(PythonPath);

    /// <summary>
    /// Whether it sees the system's site-packages (<c>include-system-site-packages</c> in <c>pyvenv.cfg</c>);
    /// null when it does not exist.
    /// </summary>
    public bool? IncludesSystemSitePackages
    {
        get
        {
            var config = System.IO.Path.Combine(Path, "pyvenv.cfg");
            if (!File.Exists(config)) return null;
            foreach (var line in File.ReadLines(config))
            {
                var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && parts[0] == "include-system-site-packages")
                    return parts[1].Equals("true", StringComparison.OrdinalIgnoreCase);
            }
            return false;
        }
    }

    /// <summary>Why it cannot be used or made as things stand, or null.</summary>
    internal string? Problem()
    {
        if (Exists) return null;
        if (Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any())
            // Never cleared for the user: the path may be wrong, and the folder theirs.
            return $"'{Path}' is not a working virtual environment (no {System.IO.Path.GetRelativePath(Path, PythonPath)}; " +
                   "perhaps the Python that made it is gone). Delete the folder and it is made again at start.";
        if (!CreateIfMissing)
            return $"there is no virtual environment at '{Path}'. Create it: /usr/bin/python3 -m venv --system-site-packages {Path}";
        return null;
    }
}
