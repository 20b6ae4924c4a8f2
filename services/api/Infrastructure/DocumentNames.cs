using System.Globalization;

namespace Api.Infrastructure;

/// <summary>What a document's name may hold: printable text only, so it reads the same in a list, a log or a header.</summary>
public static class DocumentNames
{
    /// <summary>Why <paramref name="name"/> is refused, or null when it is acceptable.</summary>
    public static (string Title, string Detail)? Check(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return ("Missing name", "Give the document's name as ?name=….");
        if (name.Length > DocumentLimits.MaxNameLength)
            return ("Name too long", $"A document's name has at most {DocumentLimits.MaxNameLength} characters.");
        for (var i = 0; i < name.Length; i++)
        {
            // Control characters (NUL, CR, LF, ESC…) and Unicode line breaks: PostgreSQL refuses NUL in text, and the
            // others forge lines or colours wherever the name is printed.
            if (IsUnprintable(name[i]))
                return ("Invalid name", $"A document's name cannot hold control characters or line breaks (U+{(int)name[i]:X4} at position {i}).");
        }
        return null;
    }

    public static bool IsUnprintable(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
