namespace Orchestration.Dashboard.Otlp;

/// <summary>A request that is not valid OTLP: answered 400 (HTTP) or InvalidArgument (gRPC), and nothing of it is kept.</summary>
internal sealed class OtlpPayloadException(string message) : Exception(message);
