using Orchestration.Hosting.ApplicationModel;

namespace Orchestration.Hosting.Tests
{
    /// <summary>
    /// One model, several interpreters: the engine's <see cref="ReferenceExpression"/> (what the lowering translates
    /// Aspire's values into) only records literals and deferred values; the resolver decides what an endpoint or a
    /// parameter turns into. The same expression must read <c>db:5432</c> to a compose-like resolver.
    /// A unit test of the engine's one evaluator, over its own model built directly (no builder, no run); what a user of
    /// Aspire sees of it is in <see cref="AspireExpressionTests"/>.
    /// </summary>
    public sealed class ExpressionTests
    {
        [Fact]
        public async Task Each_endpoint_part_resolves_the_compose_way()
        {
            var db = new FakeDatabase("db");
            db.Annotations.Add(new EndpointAnnotation("tcp", "tcp", TargetPort: 5432));
            var api = new ExecutableResource("api", "python3", ".");
            api.Annotations.Add(new EndpointAnnotation("http", "http", TargetPort: 8080));
            var tcp = new EndpointReference(db, "tcp");
            var http = new EndpointReference(api, "http");

            var expression = ReferenceExpression.Create(
                $"host={tcp.Property(EndpointProperty.Host)} port={tcp.Property(EndpointProperty.Port)} " +
                $"hp={tcp.Property(EndpointProperty.HostAndPort)} scheme={http.Property(EndpointProperty.Scheme)} " +
                $"url={http.Property(EndpointProperty.Url)} bare={http}");

            Assert.Equal(
                "host=db port=5432 hp=db:5432 scheme=http url=http://api:8080 bare=http://api:8080",
                await expression.GetValueAsync(ComposeResolver));
        }

        [Fact]
        public async Task Literals_numbers_parameters_and_nested_expressions_compose_in_order()
        {
            var password = new ParameterResource("db-password", secret: true, new ConstantParameterDefault("s3cret"));
            var db = new FakeDatabase("db");
            db.Annotations.Add(new EndpointAnnotation("tcp", "tcp", TargetPort: 5432));
            var tcp = new EndpointReference(db, "tcp");
            var server = ReferenceExpression.Create($"Host={tcp.Property(EndpointProperty.Host)};Port={tcp.Property(EndpointProperty.Port)}");
            const int timeout = 15;

            var connection = ReferenceExpression.Create($"{server};Password={password};Timeout={timeout}");

            Assert.Equal("Host=db;Port=5432;Password=${DB_PASSWORD};Timeout=15", await connection.GetValueAsync(ComposeResolver));
        }

        [Fact]
        public void ToString_shows_placeholders_not_values()
        {
            var password = new ParameterResource("db-password", secret: true, new ConstantParameterDefault("s3cret"));
            var db = new FakeDatabase("db");
            db.Annotations.Add(new EndpointAnnotation("tcp", "tcp"));
            var tcp = new EndpointReference(db, "tcp");

            var expression = ReferenceExpression.Create(
                $"Host={tcp.Property(EndpointProperty.Host)};Port={tcp.Property(EndpointProperty.Port)};Url={tcp};Password={password}");

            // Diagnostics may print expressions; they must name what is missing, never leak the secret.
            Assert.Equal("Host={db.tcp.host};Port={db.tcp.port};Url={db.tcp.url};Password={db-password}", expression.ToString());
            Assert.DoesNotContain("s3cret", expression.ToString());
        }

        /// <summary>The compose writer's resolver: a service by its name at its container port, a parameter as <c>${NAME}</c>.</summary>
        private static readonly global::Orchestration.Hosting.Publishing.PublishingValueResolver ComposeResolver =
            new(p => "${" + p.Name.ToUpperInvariant().Replace('-', '_') + "}");

        /// <summary>A database as an integration would define it in the engine's model: no process here, one endpoint.</summary>
        private sealed class FakeDatabase(string name) : Resource(name), IResourceWithEndpoints;
    }
}

namespace Orchestration.Hosting.Tests
{
    // Inside the namespace, so Aspire's types win over the engine's look-alike ones in Orchestration.Hosting.
    using Aspire.Hosting;
    using Aspire.Hosting.ApplicationModel;
    using Aspire.Hosting.Testing;
    using Xunit.Abstractions;

    /// <summary>
    /// An Aspire model's expressions (connection strings over endpoints and parameters) as a user of Aspire reads them
    /// after a native run: resolved to where the run put things, while the model itself stays an expression that
    /// the publishers read their own way.
    /// </summary>
    public sealed class AspireExpressionTests(ITestOutputHelper output)
    {
        [Fact]
        public async Task The_same_model_resolves_to_127_0_0_1_locally_and_stays_an_expression_for_the_publishers()
        {
            await using var stack = new TestStack(output);
            var password = stack.Builder.AddParameter("db-password", "s3cret", secret: true);
            var db = new FakeDatabase("db", password.Resource);
            stack.Builder.AddResource(db).WithEndpoint(scheme: "tcp", name: "tcp");

            await stack.StartAsync();
            var local = await stack.App.GetConnectionStringAsync("db");

            var port = stack.App.GetEndpoint("db", "tcp").Port;
            Assert.Equal($"Host=127.0.0.1;Port={port};Password=s3cret", local);
            // The local run left the model untouched: a publisher still reads references, not this run's values.
            Assert.Equal("Host={db.bindings.tcp.host};Port={db.bindings.tcp.port};Password={db-password.value}", db.ConnectionStringExpression.ValueExpression);
        }

        [Fact]
        public async Task A_ConnectionStringResource_over_an_endpoint_resolves_to_the_allocated_port()
        {
            await using var stack = new TestStack(output);
            var cache = new FakeDatabase("cache", password: null);
            stack.Builder.AddResource(cache).WithEndpoint(scheme: "redis", name: "tcp");
            var tcp = new EndpointReference(cache, "tcp");
            stack.Builder.AddConnectionString("cache-conn",
                ReferenceExpression.Create($"{tcp.Property(EndpointProperty.HostAndPort)},ssl=false,scheme={tcp.Property(EndpointProperty.Scheme)}"));

            await stack.StartAsync();

            var port = stack.App.GetEndpoint("cache", "tcp").Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"127.0.0.1:{port},ssl=false,scheme=redis", await stack.App.GetConnectionStringAsync("cache-conn"));
        }

        /// <summary>
        /// A database as an integration would define it: no process here, one endpoint, and a
        /// connection string that is an expression over that endpoint (and a password, when given).
        /// </summary>
        private sealed class FakeDatabase(string name, ParameterResource? password) : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints
        {
            public ReferenceExpression ConnectionStringExpression
            {
                get
                {
                    var tcp = new EndpointReference(this, "tcp");
                    return password is null
                        ? ReferenceExpression.Create($"Host={tcp.Property(EndpointProperty.Host)};Port={tcp.Property(EndpointProperty.Port)}")
                        : ReferenceExpression.Create($"Host={tcp.Property(EndpointProperty.Host)};Port={tcp.Property(EndpointProperty.Port)};Password={password}");
                }
            }
        }
    }
}
