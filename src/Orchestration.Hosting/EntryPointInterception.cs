using System.Reflection;

namespace Orchestration.Hosting;

/// <summary>
/// Lets Orchestration.Testing run an AppHost's own Program (the model `dotnet run` uses, not a copy)
/// up to <c>builder.Build()</c>, with test options (random ports, a temporary state folder), and take
/// the built application instead of running it. Flows through the entry point's execution context.
/// </summary>
internal sealed class EntryPointInterception(Assembly appHost, Action<DistributedApplicationOptions> configure)
{
    public static readonly AsyncLocal<EntryPointInterception?> Current = new();

    public Assembly AppHost { get; } = appHost;
    public DistributedApplication? Application { get; private set; }

    public void Configure(DistributedApplicationOptions options)
    {
        options.AppHostAssembly = AppHost;
        configure(options);
    }

    /// <summary>Takes the application and stops the entry point right there: nothing after Build() runs.</summary>
    public void Capture(DistributedApplication application)
    {
        Application = application;
        throw new EntryPointStoppedException();
    }
}

/// <summary>Unwinds an AppHost's Main once its application has been built for a test.</summary>
internal sealed class EntryPointStoppedException() : Exception("The AppHost entry point was stopped after Build() by Orchestration.Testing.");
