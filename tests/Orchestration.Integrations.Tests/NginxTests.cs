using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit.Abstractions;

namespace Orchestration.Integrations.Tests;

public sealed class NginxTests(ITestOutputHelper output)
{
    /// <summary>An upstream that answers every request with what it received: method, path, headers, body size.</summary>
    private const string EchoService = """
        import json, os
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        class Echo(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'
            def answer(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length) if length else b''
                data = json.dumps({'method': self.command, 'path': self.path, 'headers': {k.lower(): v for k, v in self.headers.items()}, 'bodyLength': len(body), 'port': os.environ['PORT']}).encode()
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            do_GET = do_POST = do_PUT = answer
            def log_message(self, *args): pass
        ThreadingHTTPServer(('127.0.0.1', int(os.environ['PORT'])), Echo).serve_forever()
        """;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None });

    private static IResourceBuilder<ExecutableResource> AddEcho(IntegrationStack stack, string name = "api")
        => stack.Builder.AddExecutable(name, "/usr/bin/python3", stack.Directory, "-c", EchoService)
            .WithHttpEndpoint(env: "PORT")
            .WithHttpHealthCheck("/health");

    [Fact]
    public async Task A_route_proxies_to_the_upstream_with_the_path_and_the_proxy_headers()
    {
        await using var stack = new IntegrationStack(output);
        var api = AddEcho(stack);
        stack.Builder.AddNginx("gateway").WithRoute("/api/", api).WaitFor(api);
        await stack.StartAsync();
        var gateway = stack.App.GetEndpoint("gateway");

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, "/api/orders/42?expand=items"));
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Connection.Add("upgrade");
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var headers = echo.GetProperty("headers");

        Assert.Equal("/api/orders/42?expand=items", echo.GetProperty("path").GetString());
        Assert.Equal($"127.0.0.1:{gateway.Port}", headers.GetProperty("host").GetString());
        Assert.Equal("127.0.0.1", headers.GetProperty("x-real-ip").GetString());
        Assert.Equal("127.0.0.1", headers.GetProperty("x-forwarded-for").GetString());
        Assert.Equal("http", headers.GetProperty("x-forwarded-proto").GetString());
        Assert.Equal("websocket", headers.GetProperty("upgrade").GetString());
        Assert.Equal("upgrade", headers.GetProperty("connection").GetString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        // nginx writes the access log line once the response is out: give it a moment.
        var logged = false;
        for (var i = 0; i < 100 && !logged; i++, await Task.Delay(20))
            logged = stack.Lines("gateway").Any(l => l.Contains("\"GET /api/orders/42?expand=items HTTP/1.1\" 200", StringComparison.Ordinal));
        Assert.True(logged, "the access log line did not reach the gateway's output");
    }

    [Fact]
    public async Task The_gateway_s_own_errors_are_problem_details_like_the_api_s()
    {
        await using var stack = new IntegrationStack(output);
        var api = AddEcho(stack);
        stack.Builder.AddNginx("gateway")
            .WithRoute("/api/", api)
            .WithRoute("/limited/", api, rateLimitPerSecond: 1)
            .WithClientMaxBodySize("1k")
            .WaitFor(api);
        await stack.StartAsync();
        var gateway = stack.App.GetEndpoint("gateway");

        using var tooLarge = await Http.PostAsync(new Uri(gateway, "/api/upload"), new ByteArrayContent(new byte[4096]));
        await AssertProblemAsync(tooLarge, 413, "Content Too Large");

        using var tooLong = await Http.GetAsync(new Uri(gateway, "/api/" + new string('x', 10_000)));
        await AssertProblemAsync(tooLong, 414, "URI Too Long");

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5 && limited?.StatusCode != HttpStatusCode.TooManyRequests; i++)
            limited = await Http.GetAsync(new Uri(gateway, "/limited/report.json")); // an extension that would map to application/json
        await AssertProblemAsync(limited!, 429, "Too Many Requests");

        await stack.CommandAsync("api", KnownResourceCommands.StopCommand);
        using var down = await Http.GetAsync(new Uri(gateway, "/api/orders"));
        await AssertProblemAsync(down, 502, "Bad Gateway");
    }

    [Fact]
    public async Task A_service_that_cannot_be_reached_in_time_gets_a_504_problem()
    {
        await using var stack = new IntegrationStack(output);
        // Listens with a backlog of 0 and never accepts: once one connection waits in its queue, the kernel
        // drops every further SYN, so the gateway's connection attempt times out (proxy_connect_timeout 5s).
        const string stuck = "import os, socket, time\n"
                             + "s = socket.socket(); s.bind(('127.0.0.1', int(os.environ['PORT']))); s.listen(0)\n"
                             + "print('listening', flush=True)\n"
                             + "while True: time.sleep(3600)\n";
        var slow = stack.Builder.AddExecutable("slow", "/usr/bin/python3", stack.Directory, "-c", stuck).WithHttpEndpoint(env: "PORT");
        stack.Builder.AddNginx("gateway").WithRoute("/slow/", slow);
        await stack.StartAsync();
        for (var i = 0; i < 100 && !stack.Lines("slow").Contains("listening"); i++) await Task.Delay(50);
        using var queued = new System.Net.Sockets.TcpClient();
        await queued.ConnectAsync("127.0.0.1", stack.App.GetEndpoint("slow").Port);

        using var timedOut = await Http.GetAsync(new Uri(stack.App.GetEndpoint("gateway"), "/slow/report"));

        await AssertProblemAsync(timedOut, 504, "Gateway Timeout");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string title)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.StartsWith("https://tools.ietf.org/html/", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_route_can_strip_its_prefix_and_rate_limit_each_client()
    {
        await using var stack = new IntegrationStack(output);
        var api = AddEcho(stack);
        stack.Builder.AddNginx("gateway")
            .WithRoute("/v1/", api, stripPrefix: true)
            .WithRoute("/limited/", api, rateLimitPerSecond: 1)
            .WaitFor(api);
        await stack.StartAsync();
        var gateway = stack.App.GetEndpoint("gateway");

        var stripped = JsonDocument.Parse(await Http.GetStringAsync(new Uri(gateway, "/v1/items"))).RootElement;
        Assert.Equal("/items", stripped.GetProperty("path").GetString());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await Http.GetAsync(new Uri(gateway, "/limited/x"));
            statuses.Add(response.StatusCode);
        }
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task A_route_spreads_requests_over_every_replica_of_its_target()
    {
        await using var stack = new IntegrationStack(output);
        // Aspire's ReplicaAnnotation is what WithReplicas(2) adds to a project; an executable carries it directly.
        var api = AddEcho(stack).WithAnnotation(new ReplicaAnnotation(2));
        stack.Builder.AddNginx("gateway").WithRoute("/api/", api).WaitFor(api);
        await stack.StartAsync();
        var gateway = stack.App.GetEndpoint("gateway");

        var ports = new HashSet<string>();
        for (var i = 0; i < 6; i++)
            ports.Add(JsonDocument.Parse(await Http.GetStringAsync(new Uri(gateway, "/api/who"))).RootElement.GetProperty("port").GetString()!);
        Assert.Equal(2, ports.Count);
    }

    [Fact]
    public async Task Static_files_are_served_at_the_root_with_security_headers_and_compressed()
    {
        await using var stack = new IntegrationStack(output);
        var site = Directory.CreateDirectory(Path.Combine(stack.Directory, "site")).FullName;
        await File.WriteAllTextAsync(Path.Combine(site, "index.html"), "<!doctype html><title>home</title><p>hello from nginx</p>");
        await File.WriteAllTextAsync(Path.Combine(site, "app.js"), string.Concat(Enumerable.Repeat("console.log('compress me');\n", 200)));
        stack.Builder.AddNginx("gateway").WithStaticFiles("site");
        await stack.StartAsync();
        var gateway = stack.App.GetEndpoint("gateway");

        using var page = await Http.GetAsync(gateway);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("hello from nginx", await page.Content.ReadAsStringAsync());
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(page.Headers.Contains("Server") && page.Headers.GetValues("Server").Single().Contains('/'), "nginx announces its version");

        using var script = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, "/app.js"));
        script.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var compressed = await Http.SendAsync(script);
        Assert.Equal("gzip", compressed.Content.Headers.ContentEncoding.Single());

        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(gateway, "/missing.txt"))).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_and_a_smaller_one_streams_through()
    {
        await using var stack = new IntegrationStack(output);
        var api = AddEcho(stack);
        stack.Builder.AddNginx("gateway").WithRoute("/api/", api).WithClientMaxBodySize("1k").WaitFor(api);
        await stack.StartAsync();
        var gateway = stack.App.GetEndpoint("gateway");

        using var tooLarge = await Http.PostAsync(new Uri(gateway, "/api/upload"), new ByteArrayContent(new byte[4096]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        using var small = await Http.PostAsync(new Uri(gateway, "/api/upload"), new ByteArrayContent(new byte[512]));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(512, JsonDocument.Parse(await small.Content.ReadAsStringAsync()).RootElement.GetProperty("bodyLength").GetInt32());
    }

    [Fact]
    public async Task The_health_path_answers_200_and_nothing_is_left_after_dispose()
    {
        int pid;
        string runFolder;
        await using (var stack = new IntegrationStack(output))
        {
            stack.Builder.AddNginx("gateway");
            await stack.StartAsync();
            var gateway = stack.App.GetEndpoint("gateway");

            using var health = await Http.GetAsync(new Uri(gateway, "/nginx-health"));
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(gateway)).StatusCode);

            pid = stack.Pid("gateway")!.Value;
            // nginx runs from the configuration the runtime generated in the run's folder: `nginx -c <run folder>/nginx.conf`.
            // (nginx's master rewrites its command line into one string: "nginx: master process nginx -p ... -c ...")
            var args = string.Join(' ', ProcessInspection.CommandLineOf(pid)).Split(' ');
            runFolder = Path.GetDirectoryName(args[args.ToList().IndexOf("-c") + 1])!;
            Assert.True(File.Exists(Path.Combine(runFolder, "nginx.conf")));
            var config = await File.ReadAllTextAsync(Path.Combine(runFolder, "nginx.conf"));
            output.WriteLine(config);
            Assert.Contains("listen 127.0.0.1:", config);
            Assert.True(ProcessProbe.GroupAlive(pid));
        }
        Assert.False(ProcessProbe.GroupAlive(pid), $"nginx (process group {pid}) outlived the stack");
        Assert.False(Directory.Exists(runFolder), "the run folder outlived the stack");
    }

    [Fact]
    public async Task A_configuration_nginx_rejects_fails_the_start_with_nginx_s_own_message()
    {
        await using var stack = new IntegrationStack(output);
        stack.Builder.AddNginx("gateway").WithClientMaxBodySize("999999999999g"); // well-formed, but beyond what nginx can count
        // Aspire's start returns (what failed stays visible, as with DCP): the state says so, the console why.
        await stack.StartAsync();
        Assert.Equal(KnownResourceStates.FailedToStart, await stack.WaitForStateAsync("gateway", KnownResourceStates.FailedToStart));
        Assert.Contains("nginx rejected the generated configuration", stack.Console);
        Assert.Contains("client_max_body_size", stack.Console);
    }

    [Fact]
    public async Task Invalid_routes_are_all_listed_by_validation_and_nothing_starts()
    {
        await using var stack = new IntegrationStack(output);
        var api = stack.Builder.AddExecutable("api", "python3", ".").WithHttpEndpoint();
        stack.Builder.AddNginx("gateway").WithRoute("/api/", api)
            .WithRoute("/api/", api)
            .WithRoute("/x; return 200", api)
            .WithRoute("/y/", api, rateLimitPerSecond: 0)
            .WithClientMaxBodySize("lots");

        var problems = await stack.StartRejectedAsync();

        Assert.Collection(problems,
            p => Assert.Contains("'gateway' already serves '/api/'", p),
            p => Assert.Contains("Route path '/x; return 200' of 'gateway' is invalid", p),
            p => Assert.Contains("the rate limit must be at least 1", p),
            p => Assert.Contains("Body size 'lots' of 'gateway' is invalid", p));
        Assert.Null(stack.Pid("gateway"));
    }
}
