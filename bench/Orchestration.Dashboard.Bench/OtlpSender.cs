using Grpc.Core;
using Grpc.Net.Client;

namespace Orchestration.Dashboard.Bench;

/// <summary>OTLP/gRPC calls with already serialized requests: the message bytes go out as they are, the answer is not parsed.</summary>
internal sealed class OtlpSender : IDisposable
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);
    public static readonly Method<byte[], byte[]> Traces = new(MethodType.Unary, "opentelemetry.proto.collector.trace.v1.TraceService", "Export", Raw, Raw);
    public static readonly Method<byte[], byte[]> Logs = new(MethodType.Unary, "opentelemetry.proto.collector.logs.v1.LogsService", "Export", Raw, Raw);
    public static readonly Method<byte[], byte[]> Metrics = new(MethodType.Unary, "opentelemetry.proto.collector.metrics.v1.MetricsService", "Export", Raw, Raw);

    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly Metadata _headers;

    public OtlpSender(Uri grpcUrl, string apiKey)
    {
        _channel = GrpcChannel.ForAddress(grpcUrl, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            MaxSendMessageSize = 16 * 1024 * 1024,
        });
        _invoker = _channel.CreateCallInvoker();
        _headers = new Metadata { { "x-otlp-api-key", apiKey } };
    }

    public async Task SendAsync(Method<byte[], byte[]> method, byte[] request)
        => await _invoker.AsyncUnaryCall(method, null, new CallOptions(_headers), request).ResponseAsync.ConfigureAwait(false);

    public void Dispose() => _channel.Dispose();
}
