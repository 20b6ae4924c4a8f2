// A real Aspire AppHost for the tests that need the AppHost as a process of its own.
//   (no Scenario)  two services, one waiting for the other: the same model on our engine (default) or on DCP (--runtime dcp)
//   --Scenario stack    three services (b and c each leave a grandchild behind), b waits for a, c for b; runs until stopped
//   --Scenario cache    a, b (with a grandchild) and a Redis server (its run folder holds redis.conf with the password)
//   --Scenario invalid  a dependency cycle (and a generated secret): prints the cycle, exits non-zero, starts and writes nothing
//   --Scenario invalid-name   a Redis server named with an uppercase letter: listed by the validation, exit code 1
//   --Scenario thrown   a name used twice: Aspire's builder throws in Program.cs; the message and exit code 1, not a crash
// Scenarios take --Record <file> (what testsvc.py records) and the state folder as --Orchestration:StateDirectory.
using Microsoft.Extensions.Configuration;
var builder = DistributedApplication.CreateBuilder(args).UseNativeRuntime();

var script = Path.Combine(AppContext.BaseDirectory, "testsvc.py");
var folder = builder.Configuration["ServiceFolder"] ?? AppContext.BaseDirectory;
var record = builder.Configuration["Record"];

IResourceBuilder<ExecutableResource> Service(string name, params string[] extra) =>
    builder.AddExecutable(name, "python3", folder, [script, "--name", name, .. record is null ? Array.Empty<string>() : ["--record", record], .. extra])
        .WithHttpEndpoint(port: builder.Configuration.GetValue<int?>($"Port{name.ToUpperInvariant()}"), env: "PORT")
        .WithHttpHealthCheck("/health");

switch (builder.Configuration["Scenario"])
{
    case null:
        var first = Service("a");
        Service("b").WithReference(first.GetEndpoint("http")).WaitFor(first);
        break;
    case "stack":
        var a = Service("a");
        var b = Service("b", "--child").WaitFor(a);
        Service("c", "--child").WaitFor(b);
        break;
    case "cache":
        var one = Service("a");
        Service("b", "--child").WaitFor(one);
        builder.AddRedis("cache");
        break;
    case "invalid":
        var x = Service("x").WithEnvironment("TOKEN", builder.AddParameter("token", new GenerateParameterDefault(), secret: true));
        var y = Service("y").WaitFor(x);
        x.WaitFor(y);
        break;
    case "invalid-name":
        Service("a");
        builder.AddRedis("Cache");
        break;
    case "thrown":
        Service("api");
        Service("api");
        break;
    default:
        throw new ArgumentException($"unknown scenario {builder.Configuration["Scenario"]}");
}

builder.Build().Run();
