// Two services, one waiting for the other: the same model on our engine (default) or on DCP (--runtime dcp).
using Microsoft.Extensions.Configuration;
var builder = DistributedApplication.CreateBuilder(args).UseNativeRuntime();

var script = Path.Combine(AppContext.BaseDirectory, "testsvc.py");
var folder = builder.Configuration["ServiceFolder"] ?? AppContext.BaseDirectory;
var a = builder.AddExecutable("a", "python3", folder, script, "--name", "a")
    .WithHttpEndpoint(port: builder.Configuration.GetValue<int?>("PortA"), env: "PORT")
    .WithHttpHealthCheck("/health");
builder.AddExecutable("b", "python3", folder, script, "--name", "b")
    .WithHttpEndpoint(port: builder.Configuration.GetValue<int?>("PortB"), env: "PORT")
    .WithHttpHealthCheck("/health")
    .WithReference(a.GetEndpoint("http"))
    .WaitFor(a);

builder.Build().Run();
