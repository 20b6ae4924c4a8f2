using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Orchestration.Dashboard.Security;

/// <summary>
/// OTLP exports must carry the header <c>x-otlp-api-key</c> with the run's key (the AppHost puts it
/// in every process's <c>OTEL_EXPORTER_OTLP_HEADERS</c>), unless the dashboard is unsecured.
/// </summary>
internal sealed class OtlpApiKeyCheck(DashboardSecrets secrets)
{
    public const string HeaderName = "x-otlp-api-key";

    public bool IsAuthorized(string? key) => secrets.Unsecured || DashboardSecrets.SecretEquals(key, secrets.OtlpApiKey);
}

/// <summary>The key check for OTLP/gRPC: a missing or wrong key ends the call with Unauthenticated.</summary>
internal sealed class OtlpApiKeyInterceptor(OtlpApiKeyCheck check) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!check.IsAuthorized(context.RequestHeaders.GetValue(OtlpApiKeyCheck.HeaderName)))
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"Missing or wrong {OtlpApiKeyCheck.HeaderName} header."));
        return continuation(request, context);
    }
}
