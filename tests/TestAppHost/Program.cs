// An Aspire AppHost run natively, started by TestingBuilderTests through Aspire.Hosting.Testing.
// Usage: TestAppHost <scenario> <testsvc.py> <record file> <state dir>
//   stack      - three services (b and c each leave a grandchild behind), b waits for a, c for b; runs until stopped
//   fixed-port - a service with a second endpoint on the fixed port 8080
//   invalid    - a dependency cycle (and a generated secret): nothing may start
// The state folder is the fourth argument unless configuration names one (Orchestration:StateDirectory).
var (scenario, svc, record, state) = (args[0], args[1], args[2], args[3]);
var builder = DistributedApplication.CreateBuilder(args).UseNativeRuntime();
builder.Configuration["Orchestration:StateDirectory"] ??= state;

IResourceBuilder<ExecutableResource> Service(string name, params string[] extra)
{
    string[] arguments = [svc, "--name", name, "--record", record, .. extra];
    return builder.AddExecutable(name, "python3", Path.GetDirectoryName(svc)!, arguments)
        .WithHttpEndpoint(env: "PORT")
        .WithHttpHealthCheck("/health");
}

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
        var x = Service("x").WithEnvironment("TOKEN", builder.AddParameter("token", new GenerateParameterDefault(), secret: true));
        var y = Service("y").WaitFor(x);
        x.WaitFor(y);
        break;
    default:
        throw new ArgumentException($"unknown scenario {scenario}");
}

builder.Build().Run();
