using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Orchestration.Dashboard.Otlp.Proto.Collector.Trace;
using Orchestration.Dashboard.Otlp.Proto.Rpc;

namespace Orchestration.Dashboard.Tests;

/// <summary>OTLP/HTTP as the specification describes it: JSON bodies, gzip, and the errors a sender gets.</summary>
public sealed class OtlpHttpTests : IAsyncLifetime
{
    private TestDashboard _dashboard = null!;

    public async Task InitializeAsync() => _dashboard = await TestDashboard.StartAsync(o => o.MaxOtlpRequestBytes = 64 * 1024);

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    // As an OTLP/JSON sender writes it: hex ids, integer enums, 64-bit numbers as strings.
    private const string JsonTrace = """
        {"resourceSpans":[{
          "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web"}},
                                    {"key":"service.instance.id","value":{"stringValue":"web-1"}}]},
          "scopeSpans":[{"scope":{"name":"browser"},"spans":[
            {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","name":"load page","kind":3,
             "startTimeUnixNano":"1767268800000000000","endTimeUnixNano":"1767268800250000000",
             "attributes":[{"key":"http.status_code","value":{"intValue":"200"}},
                           {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"boolValue":true}]}}}],
             "status":{}, "someFieldFromTheFuture": 1}]}]}]}
        """;

    [Fact]
    public async Task A_JSON_export_is_stored_and_answered_in_JSON()
    {
        using var response = await _dashboard.PostJsonAsync("traces", JsonTrace);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{ }", await response.Content.ReadAsStringAsync());
        var trace = Assert.Single((await _dashboard.GetJsonAsync("/api/telemetry/traces?resource=web-1")).EnumerateArray());
        Assert.Equal("5b8efff798038103d269b633813fc60c", trace.GetProperty("traceId").GetString());
        Assert.Equal(250, trace.GetProperty("durationMs").GetDouble());
        var span = trace.GetProperty("spans")[0];
        Assert.Equal("eee19b7ec3c1b174", span.GetProperty("spanId").GetString());
        Assert.Equal("Client", span.GetProperty("kind").GetString());
        Assert.Equal("2026-01-01T12:00:00Z", span.GetProperty("startTime").GetString());
        var attributes = span.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value").GetString());
        Assert.Equal("200", attributes["http.status_code"]);
        Assert.Equal("""["a",true]""", attributes["tags"]);
    }

    [Fact]
    public async Task A_protobuf_export_is_answered_in_protobuf()
    {
        using var response = await _dashboard.PostProtobufAsync("traces", Otlp.Traces("api", Otlp.Span(1, 1, "GET /", Otlp.Epoch)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(answer.PartialSuccess);
    }

    [Fact]
    public async Task A_gzip_body_is_inflated()
    {
        var body = new MemoryStream();
        using (var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true))
            Otlp.Traces("api", Otlp.Span(2, 1, "zipped", Otlp.Epoch)).WriteTo(gzip);
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await _dashboard.Otlp.PostAsync("/v1/traces", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("zipped", (await _dashboard.GetJsonAsync("/api/telemetry/traces"))[0].GetProperty("name").GetString());
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "application/x-protobuf", "this is not protobuf" },
        { "application/json", """{"resourceSpans":[{""" },
        { "application/json", """{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"not hex","spanId":"EEE19B7EC3C1B174"}]}]}]}""" },
        { "application/json", """{"resourceSpans":"a string"}""" },
        { "application/json", """[1, 2]""" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_body_gets_400_and_changes_nothing(string contentType, string body)
    {
        using var response = await _dashboard.Otlp.PostAsync("/v1/traces", new StringContent(body, new MediaTypeHeaderValue(contentType)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await _dashboard.GetJsonAsync("/api/telemetry/traces")).EnumerateArray());
        Assert.Empty((await _dashboard.GetJsonAsync("/api/telemetry/resources")).EnumerateArray());
    }

    [Fact]
    public async Task One_bad_span_rejects_the_whole_request_and_names_the_problem()
    {
        var request = Otlp.Traces("api", Otlp.Span(3, 1, "fine", Otlp.Epoch), Otlp.Span(3, 2, "broken", Otlp.Epoch));
        request.ResourceSpans[0].ScopeSpans[0].Spans[1].TraceId = ByteString.CopyFrom(1, 2, 3);

        using var response = await _dashboard.PostProtobufAsync("traces", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(3, status.Code); // INVALID_ARGUMENT
        Assert.Contains("span 'broken': a trace id must be 16 bytes", status.Message);
        Assert.Empty((await _dashboard.GetJsonAsync("/api/telemetry/traces")).EnumerateArray());
    }

    [Fact]
    public async Task An_oversized_body_gets_413_and_changes_nothing()
    {
        var spans = Enumerable.Range(1, 2_000).Select(i => Otlp.Span(4, i, new string('x', 50), Otlp.Epoch)).ToArray();
        var request = Otlp.Traces("api", spans);
        Assert.True(request.CalculateSize() > 64 * 1024);

        using var response = await _dashboard.PostProtobufAsync("traces", request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(8, Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Code); // RESOURCE_EXHAUSTED
        Assert.Empty((await _dashboard.GetJsonAsync("/api/telemetry/traces")).EnumerateArray());
    }

    [Fact]
    public async Task An_oversized_body_without_a_length_gets_413()
    {
        var content = new StreamContent(new MemoryStream(new byte[200_000]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _dashboard.Otlp.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_gzip_body_that_inflates_past_the_limit_gets_413()
    {
        var body = new MemoryStream();
        using (var gzip = new GZipStream(body, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(new byte[10 * 1024 * 1024]); // 10 MiB of zeros: a few KiB compressed
        Assert.True(body.Length < 64 * 1024);
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await _dashboard.Otlp.PostAsync("/v1/traces", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_content_type_gets_415()
    {
        using var response = await _dashboard.Otlp.PostAsync("/v1/logs", new StringContent("hello", new MediaTypeHeaderValue("text/plain")));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task The_OTLP_endpoints_answer_only_on_the_OTLP_port_and_the_API_only_on_the_dashboard_port()
    {
        using var otlpOnDashboardPort = await _dashboard.Api.PostAsync("/v1/traces", new StringContent(JsonTrace, new MediaTypeHeaderValue("application/json")));
        using var apiOnOtlpPort = await _dashboard.Otlp.GetAsync("/api/resources");

        Assert.Equal(HttpStatusCode.NotFound, otlpOnDashboardPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiOnOtlpPort.StatusCode);
    }
}
