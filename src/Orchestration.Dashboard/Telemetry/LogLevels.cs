namespace Orchestration.Dashboard.Telemetry;

/// <summary>OTLP severity numbers and the level names a query may use for them.</summary>
public static class LogLevels
{
    /// <summary>The level of a severity number, in .NET's words (Trace ... Critical; None for 0).</summary>
    public static string NameOf(int severityNumber) => severityNumber switch
    {
        <= 0 => "None",
        <= 4 => "Trace",
        <= 8 => "Debug",
        <= 12 => "Information",
        <= 16 => "Warning",
        <= 20 => "Error",
        _ => "Critical",
    };

    /// <summary>
    /// The lowest severity number of a level, from a name (.NET's or OTLP's, any case) or a number.
    /// <c>LogLevels.TryParseMinimum("warning", out var n)</c> gives 13.
    /// </summary>
    public static bool TryParseMinimum(string? text, out int severityNumber)
    {
        severityNumber = text?.ToLowerInvariant() switch
        {
            "trace" => 1,
            "debug" => 5,
            "information" or "info" => 9,
            "warning" or "warn" => 13,
            "error" => 17,
            "critical" or "fatal" => 21,
            _ => int.TryParse(text, out var n) && n is >= 0 and <= 24 ? n : -1,
        };
        return severityNumber >= 0;
    }
}
