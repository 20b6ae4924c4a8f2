using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestration.Dashboard.Api;

/// <summary>How the JSON API writes: camelCase, enums by name, nulls left out.</summary>
internal sealed class DashboardJson
{
    public JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
