using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Orchestration.NativeRuntime.Tests;

public class ExecutableTests
{
    [Fact]
    public async Task WaitFor_starts_the_dependent_only_once_its_dependency_is_healthy()
    {
        await using var model = new AspireModel();
        var a = model.Service("a", "--delay", "0.5");
        model.Service("b").WithReference(a.GetEndpoint("http")).WaitFor(a);

        await model.StartAsync();
        await model.App.ResourceNotifications.WaitForResourceHealthyAsync("b").WaitAsync(TimeSpan.FromSeconds(30));

        var records = model.Records();
        var aListening = records.ToList().FindIndex(r => r is ("listen", "a"));
        var bStarted = records.ToList().FindIndex(r => r is ("start", "b"));
        Assert.True(aListening >= 0 && bStarted > aListening, string.Join(", ", records));
    }

    [Fact]
    public async Task An_endpoint_reference_resolves_to_where_the_native_process_listens()
    {
        await using var model = new AspireModel();
        var a = model.Service("a");
        var dump = Path.Combine(model.Directory, "b.env");
        model.Service("b", "--dump-env", dump).WithReference(a.GetEndpoint("http")).WaitFor(a);

        await model.StartAsync();

        using var client = model.App.CreateHttpClient("a", "http");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var environment = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dump)).RootElement;
        Assert.Equal(client.BaseAddress!.ToString().TrimEnd('/'), environment.GetProperty("services__a__http__0").GetString());
    }

    [Fact]
    public async Task WaitForCompletion_starts_the_dependent_after_the_job_exits_with_zero()
    {
        await using var model = new AspireModel();
        var job = model.Builder.AddExecutable("job", "python3", model.Directory,
            [AspireModel.ServiceScript, "--name", "job", "--record", model.RecordFile, "--exit-code", "0", "--exit-after", "0.3"]);
        model.Service("web").WaitForCompletion(job);

        await model.StartAsync();
        await model.App.ResourceNotifications.WaitForResourceHealthyAsync("web").WaitAsync(TimeSpan.FromSeconds(30));

        var records = model.Records().ToList();
        Assert.True(records.FindIndex(r => r is ("exit", "job")) < records.FindIndex(r => r is ("start", "web")), string.Join(", ", records));
    }
}
