using System.Globalization;
using System.Text;

namespace Orchestration.Hosting.Orchestration;

/// <summary>
/// Makes a child's line safe to print as one console line: a carriage return, an escape sequence or a
/// line separator in its output could otherwise move the cursor and overwrite or forge the AppHost's own
/// lines ("api | healthy", "Stack ready"). They are shown escaped instead (<c>\r</c>, <c>\x1b</c>).
/// </summary>
internal static class ControlCharacters
{
    public static string Escape(string text)
    {
        if (!NeedsEscaping(text)) return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!IsUnsafe(c)) { escaped.Append(c); continue; }
            escaped.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                < '\u0100' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        return escaped.ToString();
    }

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
            if (IsUnsafe(c)) return true;
        return false;
    }

    // C0 controls but the tab, DEL, C1 controls (0x9b is a one-byte CSI), and the Unicode line and
    // paragraph separators some terminals break lines at.
    private static bool IsUnsafe(char c) => (c < ' ' && c != '\t') || c is >= '\u007f' and <= '\u009f' or '\u2028' or '\u2029';
}
