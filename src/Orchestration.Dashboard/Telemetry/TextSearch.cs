namespace Orchestration.Dashboard.Telemetry;

internal static class TextSearch
{
    /// <summary>Whether any attribute value contains the text, ignoring case.</summary>
    public static bool InAttributes(KeyValuePair<string, string>[] attributes, string text)
    {
        foreach (var attribute in attributes)
            if (attribute.Value.Contains(text, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
