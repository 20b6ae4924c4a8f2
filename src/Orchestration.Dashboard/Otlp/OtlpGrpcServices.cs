using Grpc.Core;
using Orchestration.Dashboard.Otlp.Proto.Collector.Logs;
using Orchestration.Dashboard.Otlp.Proto.Collector.Metrics;
using Orchestration.Dashboard.Otlp.Proto.Collector.Trace;

namespace Orchestration.Dashboard.Otlp;

// The three OTLP/gRPC services. Authentication is the interceptor's; size limits are gRPC's own
// (MaxReceiveMessageSize answers ResourceExhausted).

internal sealed class OtlpTraceGrpcService(OtlpReceiver receiver) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        => OtlpGrpc.Run(() => receiver.Export(request));
}

internal sealed class OtlpLogsGrpcService(OtlpReceiver receiver) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
        => OtlpGrpc.Run(() => receiver.Export(request));
}

internal sealed class OtlpMetricsGrpcService(OtlpReceiver receiver) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        => OtlpGrpc.Run(() => receiver.Export(request));
}

internal static class OtlpGrpc
{
    /// <summary>A malformed request ends with InvalidArgument, which OTLP clients do not retry.</summary>
    public static Task<T> Run<T>(Func<T> export)
    {
        try
        {
            return Task.FromResult(export());
        }
        catch (OtlpPayloadException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }
}
