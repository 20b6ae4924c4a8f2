namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// Requests whose path starts with <see cref="Path"/> go to <see cref="Target"/> (every replica, round
/// robin), at most <see cref="RateLimitPerSecond"/> per second per client when set. The path reaches
/// the upstream unchanged unless <see cref="StripPrefix"/>.
/// </summary>
internal sealed record NginxRoute(string Path, EndpointReference Target, int? RateLimitPerSecond = null, bool StripPrefix = false);
