using Orchestration.Dashboard.Otlp.Proto.Collector.Trace;

namespace Orchestration.Dashboard.Tests;

/// <summary>What an OTLP/gRPC client is told when its call is refused.</summary>
public sealed class OtlpGrpcTests : IAsyncLifetime
{
    private TestDashboard _dashboard = null!;

    public async Task InitializeAsync() => _dashboard = await TestDashboard.StartAsync(o => o.MaxOtlpRequestBytes = 64 * 1024);

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    private Task<(int Status, string? Message)> ExportAsync(ExportTraceServiceRequest request, string? key, int padTo = 0)
        => RawGrpc.CallAsync(_dashboard.Server.OtlpGrpcUrl, RawGrpc.TraceExport, request, key, padTo);

    [Fact]
    public async Task The_right_key_is_accepted()
    {
        var (status, _) = await ExportAsync(Otlp.Traces("api", Otlp.Span(1, 1, "ok", Otlp.Epoch)), _dashboard.Server.OtlpApiKey);

        Assert.Equal(0, status);
        Assert.Single((await _dashboard.GetJsonAsync("/api/telemetry/traces")).EnumerateArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task A_missing_or_wrong_key_is_Unauthenticated(string? key)
    {
        var (status, message) = await ExportAsync(Otlp.Traces("api", Otlp.Span(1, 1, "ok", Otlp.Epoch)), key);

        Assert.Equal(16, status);
        Assert.Contains("x-otlp-api-key", message);
        Assert.Empty((await _dashboard.GetJsonAsync("/api/telemetry/traces")).EnumerateArray());
    }

    [Fact]
    public async Task An_oversized_message_is_ResourceExhausted()
    {
        var (status, message) = await ExportAsync(Otlp.Traces("api", Otlp.Span(1, 1, "big", Otlp.Epoch)), _dashboard.Server.OtlpApiKey, padTo: 100_000);

        Assert.True(8 == status, $"{status}: {message}");
        Assert.Empty((await _dashboard.GetJsonAsync("/api/telemetry/traces")).EnumerateArray());
    }

    [Fact]
    public async Task A_malformed_span_is_InvalidArgument()
    {
        var request = Otlp.Traces("api", Otlp.Span(1, 1, "no id", Otlp.Epoch));
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].SpanId = Google.Protobuf.ByteString.Empty;

        var (status, message) = await ExportAsync(request, _dashboard.Server.OtlpApiKey);

        Assert.Equal(3, status);
        Assert.Contains("span id must be 8 bytes", message);
    }
}
