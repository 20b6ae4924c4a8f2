using System.Net;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestration.Dashboard.Api;
using Orchestration.Dashboard.Otlp;
using Orchestration.Dashboard.Otlp.Proto.Collector.Logs;
using Orchestration.Dashboard.Otlp.Proto.Collector.Metrics;
using Orchestration.Dashboard.Otlp.Proto.Collector.Trace;
using Orchestration.Dashboard.Resources;
using Orchestration.Dashboard.Security;
using Orchestration.Dashboard.Telemetry;

namespace Orchestration.Dashboard;

/// <summary>
/// The dashboard's web application: Kestrel on three loopback ports, the OTLP receivers, the JSON
/// API and the pages. Built from an empty builder: inside an AppHost it must not read the AppHost's
/// appsettings, <c>ASPNETCORE_URLS</c> or other web settings meant for someone else.
/// </summary>
internal static class DashboardApplication
{
    public static WebApplication Build(DashboardOptions options, DashboardSecrets secrets, TelemetryStore store,
        IDashboardResourceSource? resources, ILoggerFactory? loggerFactory, DashboardListeners listeners)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (loggerFactory is not null) builder.Services.AddSingleton(loggerFactory);

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Only the OTLP receivers read bodies, and both bound them themselves: gRPC per message
            // (ResourceExhausted), HTTP in OtlpHttpHandler (413, also after inflation). Kestrel's own
            // limit would only turn a too large gRPC call into an anonymous handler error.
            kestrel.Limits.MaxRequestBodySize = null;
            // Loopback only: the dashboard shows environment, connection strings and everything the stack logs.
            kestrel.Listen(IPAddress.Loopback, options.Port, l => listeners.Set(DashboardListener.Browser, l));
            kestrel.Listen(IPAddress.Loopback, options.OtlpGrpcPort, l =>
            {
                l.Protocols = HttpProtocols.Http2; // gRPC without TLS: HTTP/2 with prior knowledge
                listeners.Set(DashboardListener.OtlpGrpc, l);
            });
            kestrel.Listen(IPAddress.Loopback, options.OtlpHttpPort, l => listeners.Set(DashboardListener.OtlpHttp, l));
        });

        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(secrets);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<OtlpReceiver>();
        builder.Services.AddSingleton<OtlpApiKeyCheck>();
        builder.Services.AddSingleton<OtlpHttpHandler>();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxOtlpRequestBytes;
            grpc.Interceptors.Add<OtlpApiKeyInterceptor>();
        });

        var app = builder.Build();
        var auth = new BrowserAuthentication(secrets);
        app.UseRouting();
        app.Use((context, next) => listeners.EnforceAsync(context, () => next(context)));

        var grpcListener = new DashboardListenerMetadata(DashboardListener.OtlpGrpc);
        app.MapGrpcService<OtlpTraceGrpcService>().WithMetadata(grpcListener);
        app.MapGrpcService<OtlpLogsGrpcService>().WithMetadata(grpcListener);
        app.MapGrpcService<OtlpMetricsGrpcService>().WithMetadata(grpcListener);

        var otlpHttp = app.MapGroup("/v1").WithMetadata(new DashboardListenerMetadata(DashboardListener.OtlpHttp));
        var handler = app.Services.GetRequiredService<OtlpHttpHandler>();
        otlpHttp.MapPost("/traces", context => handler.HandleAsync(context, ExportTraceServiceRequest.Parser, (r, request) => r.Export(request)));
        otlpHttp.MapPost("/logs", context => handler.HandleAsync(context, ExportLogsServiceRequest.Parser, (r, request) => r.Export(request)));
        otlpHttp.MapPost("/metrics", context => handler.HandleAsync(context, ExportMetricsServiceRequest.Parser, (r, request) => r.Export(request)));

        app.MapDashboardApi(auth, new DashboardJson(), store, resources).WithMetadata(new DashboardListenerMetadata(DashboardListener.Browser));
        app.MapDashboardPages(auth, new EmbeddedAssets());
        return app;
    }
}
