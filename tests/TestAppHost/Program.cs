// Usage: TestAppHost <scenario> <testsvc.py> <record file> <state dir>
//   stack   - three services (one leaves a grandchild behind), b waits for a; runs until stopped
//   cache   - the stack plus a Redis server (its run folder holds redis.conf with the password)
//   invalid - a dependency cycle (and a generated secret); must print the cycle and exit non-zero without starting or writing anything
//   invalid-name - a Redis server named with an uppercase letter, a route to a service without an endpoint
//   foreign - a resource of another builder, which throws while the model is written
using Orchestration.Hosting;
using Orchestration.Hosting.ApplicationModel;

var (scenario, svc, record, state) = (args[0], args[1], args[2], args[3]);
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { StateDirectory = state, OwnsProcess = true });

IResourceBuilder<ExecutableResource> Service(string name, params string[] extra) =>
    builder.AddExecutable(name, "python3", Path.GetDirectoryName(svc)!, [svc, "--name", name, "--record", record, .. extra])
        .WithHttpEndpoint(env: "PORT")
        .WithHttpHealthCheck("/health");

switch (scenario)
{
    case "stack":
        var a = Service("a");
        var b = Service("b", "--child").WaitFor(a);
        Service("c", "--child").WaitFor(b);
        break;
    case "cache":
        var first = Service("a");
        Service("b", "--child").WaitFor(first);
        builder.AddRedis("cache");
        break;
    case "fixed-port":
        Service("gateway").WithEndpoint(port: 8080, name: "public", scheme: "http");
        break;
    case "invalid":
        var x = Service("x").WithEnvironment("TOKEN", builder.AddGeneratedParameter("token"));
        var y = Service("y").WaitFor(x);
        x.WaitFor(y);
        break;
    case "invalid-name":
        builder.AddRedis("Cache");
        builder.AddNginx("gateway").WithRoute("/api/", builder.AddExecutable("api", "python3", "."));
        break;
    case "foreign":
        var other = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { StateDirectory = state });
        builder.CreateResourceBuilder(other.AddExecutable("stray", "python3", ".").Resource);
        break;
    default:
        throw new ArgumentException($"unknown scenario {scenario}");
}

builder.Build().Run();

/// <summary>Public, so tests can name this AppHost: <c>StartAsync&lt;Program&gt;()</c>.</summary>
public partial class Program;
