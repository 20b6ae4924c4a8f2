// --Shape fanout|chain --Count N --BasePort P: N python services on ports P+1..P+N, each healthy when it answers;
// in a chain each waits for the one before. The same model on our engine (default) or on DCP (--runtime dcp).
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args).UseNativeRuntime();
var chain = builder.Configuration["Shape"] == "chain";
var count = builder.Configuration.GetValue("Count", 20);
var basePort = builder.Configuration.GetValue("BasePort", 41000);

// Each service is service.py (a socket answering 200; `-I -S`: no site packages), healthy when "/" answers 200.
IResourceBuilder<ExecutableResource>? previous = null;
for (var i = 1; i <= count; i++)
{
    var service = builder.AddExecutable($"s{i}", "/usr/bin/python3", AppContext.BaseDirectory, "-I", "-S", "service.py")
        .WithHttpEndpoint(port: basePort + i)
        .WithHttpHealthCheck("/");
    var port = service.GetEndpoint("http").Property(EndpointProperty.TargetPort);
    service.WithArgs(context => context.Args.Add(port));
    if (chain && previous is not null) service.WaitFor(previous);
    previous = service;
}

builder.Build().Run();
