// Usage: TestAppHost <scenario> <testsvc.py> <record file> <state dir>
//   stack   - three services (one leaves a grandchild behind), b waits for a; runs until stopped
//   invalid - a dependency cycle; must print the cycle and exit non-zero without starting anything
using Orchestration.Hosting;
using Orchestration.Hosting.ApplicationModel;

var (scenario, svc, record, state) = (args[0], args[1], args[2], args[3]);
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { StateDirectory = state });

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
    case "fixed-port":
        Service("gateway").WithEndpoint(port: 8080, name: "public", scheme: "http");
        break;
    case "invalid":
        var x = Service("x");
        var y = Service("y").WaitFor(x);
        x.WaitFor(y);
        break;
    default:
        throw new ArgumentException($"unknown scenario {scenario}");
}

builder.Build().Run();

/// <summary>Public, so tests can name this AppHost: <c>StartAsync&lt;Program&gt;()</c>.</summary>
public partial class Program;
