namespace Orchestration.Hosting.Python;

/// <summary>The base interpreter that creates virtual environments.</summary>
internal static class PythonInterpreter
{
    public const string DefaultName = "python3";

    /// <summary>How to get one that can make virtual environments.</summary>
    public const string InstallHint = "apt-get install python3-venv";

    /// <summary>
    /// The system's python first: it is the one that sees the distribution's packages
    /// (python3-psycopg, ...), which a virtual environment made with --system-site-packages inherits.
    /// A python3 earlier on PATH (pyenv, a toolchain) often has none of them.
    /// </summary>
    public static string? FindBase()
    {
        const string system = "/usr/bin/python3";
        if (!OperatingSystem.IsWindows() && File.Exists(system)) return system;
        return Hosting.Orchestration.ExecutableLookup.Find(DefaultName, Directory.GetCurrentDirectory());
    }
}
