// The sample stack: an api and a Python worker over PostgreSQL, Redis and S3, behind an nginx gateway.
// An Aspire AppHost, run natively by Orchestration's engine; `--runtime dcp` runs it on Aspire's own orchestrator.
var builder = DistributedApplication.CreateBuilder(args)
    .UseNativeRuntime()
    .AddDashboard();                                                       // resources, logs, traces, metrics

var db = builder.AddPostgres("postgres").WithDataVolume().AddDatabase("app");
var redis = builder.AddRedis("redis").WithDataVolume();                  // append-only file: queued jobs survive a restart
var documents = builder.AddMinio("minio").WithDataVolume().AddBucket("documents");

var api = builder.AddProject<Projects.Api>("api")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(db).WaitFor(db)
    .WithReference(redis).WaitFor(redis)
    .WithReference(documents).WaitFor(documents);

builder.AddPythonApp("worker", "../services/worker", "worker.py")
    .WithStopSignal(gracePeriod: TimeSpan.FromSeconds(30))                 // finishes the job in hand
    .WithHttpEndpoint(env: "PORT")
    .WithHttpHealthCheck("/health")
    .WithReference(db).WaitFor(db)
    .WithReference(redis).WaitFor(redis)
    .WithReference(documents).WaitFor(documents);

builder.AddNginx("gateway", port: 8080)
    .WithRoute("/api/", api)
    .WithStaticFiles("wwwroot")
    .WaitFor(api);

builder.Build().Run();

/// <summary>Public, so tests can start this very model: <c>DistributedApplicationTestingBuilder.StartAsync&lt;Program&gt;()</c>.</summary>
public partial class Program;
