using System.Text.Json.Serialization;
using Api;
using Api.Documents;
using Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(telemetry => telemetry.AddSource(ApiTelemetry.SourceName));

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = DocumentLimits.KestrelMaxRequestBodySize);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddExceptionHandler<DependencyExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);

builder.AddDocuments();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapDocuments();

app.Run();
