using System.Text;

namespace Api.Infrastructure;

/// <summary>User input made safe for a console log line.</summary>
public static class LogValue
{
    /// <summary>
    /// <paramref name="value"/> with control characters and line breaks written as <c>\uXXXX</c>: the AppHost prints
    /// every line of the api's output as <c>api | …</c>, so a raw CR/LF in a logged value would print a line that
    /// looks like the api's own.
    /// </summary>
    public static string Escape(string? value)
    {
        if (value is null || !value.Any(DocumentNames.IsUnprintable)) return value ?? "";
        var escaped = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (DocumentNames.IsUnprintable(c)) escaped.Append($"\\u{(int)c:X4}");
            else escaped.Append(c);
        }
        return escaped.ToString();
    }
}
