using System.Security.Cryptography;
using System.Text;

namespace Orchestration.Dashboard.Security;

/// <summary>
/// The run's secrets: the browser token (printed in the login link), the OTLP API key (given to the
/// processes the AppHost starts) and the session cookie's value. Random unless configured; never logged.
/// </summary>
internal sealed class DashboardSecrets(DashboardOptions options)
{
    public bool Unsecured { get; } = options.Unsecured;
    public string BrowserToken { get; } = string.IsNullOrEmpty(options.BrowserToken) ? NewSecret() : options.BrowserToken;
    public string OtlpApiKey { get; } = string.IsNullOrEmpty(options.OtlpApiKey) ? NewSecret() : options.OtlpApiKey;

    /// <summary>What the login cookie holds: a secret of its own, so a cookie never reveals the token.</summary>
    public string SessionValue { get; } = NewSecret();

    /// <summary>Compares in constant time, so the answer's timing does not tell how much of a guess was right.</summary>
    public static bool SecretEquals(string? given, string expected)
        => given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
