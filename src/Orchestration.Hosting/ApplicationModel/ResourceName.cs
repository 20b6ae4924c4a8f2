using System.Text.RegularExpressions;

namespace Orchestration.Hosting.ApplicationModel;

/// <summary>The rule for resource names: a DNS label, so every publisher can use a name unchanged.</summary>
internal static partial class ResourceName
{
    /// <summary>The longest allowed name (a DNS label).</summary>
    public const int MaxLength = 63;

    /// <summary>Null when <paramref name="name"/> is valid, else why not and what to use instead.</summary>
    public static string? Check(string name)
    {
        if (string.IsNullOrEmpty(name)) return "A resource name must not be empty.";
        if (name.Length > MaxLength) return $"Resource name '{name}' is {name.Length} characters long; at most {MaxLength} are allowed (it becomes a DNS name), e.g. '{Suggest(name)}'.";
        if (!Pattern().IsMatch(name))
            return $"Resource name '{name}' is invalid: use lowercase letters, digits and '-', starting with a letter and not ending with '-' (it becomes a DNS name), e.g. '{Suggest(name)}'.";
        return null;
    }

    private static string Suggest(string name)
    {
        var s = Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9-]+", "-").Trim('-');
        if (s.Length == 0) return "resource";
        if (!char.IsAsciiLetter(s[0])) s = "r-" + s;
        return s.Length > MaxLength ? s[..MaxLength].TrimEnd('-') : s;
    }

    [GeneratedRegex("^[a-z]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex Pattern();
}
