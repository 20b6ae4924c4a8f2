using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting;

/// <summary>Describes a stack: add resources, wire them, then <see cref="Build"/> and run.</summary>
internal interface IDistributedApplicationBuilder
{
    /// <summary>Configuration: appsettings.json, environment variables, command line. Parameters read <c>Parameters:{name}</c>.</summary>
    ConfigurationManager Configuration { get; }

    /// <summary>The AppHost's environment (Development, Production, ...).</summary>
    IHostEnvironment Environment { get; }

    /// <summary>Services of the AppHost process (health check registrations, the dashboard, ...).</summary>
    IServiceCollection Services { get; }

    /// <summary>The AppHost project's folder; relative paths in the model are relative to it.</summary>
    string AppHostDirectory { get; }

    /// <summary>Options for this run.</summary>
    DistributedApplicationOptions Options { get; }

    /// <summary>The resources added so far, in order.</summary>
    IReadOnlyList<IResource> Resources { get; }

    /// <summary>Adds a resource. Names must be unique DNS labels; a bad one throws at once, naming a valid alternative.</summary>
    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;

    /// <summary>A builder for a resource already in the model.</summary>
    IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource;

    /// <summary>Freezes the model into an application that can be run.</summary>
    DistributedApplication Build();
}
