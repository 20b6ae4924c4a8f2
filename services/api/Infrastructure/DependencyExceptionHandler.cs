using Microsoft.AspNetCore.Diagnostics;

namespace Api.Infrastructure;

/// <summary>
/// A dependency outage (PostgreSQL, Redis or S3 down or restarting) answers 503 problem+json with Retry-After, on
/// every endpoint: the client can tell "try again shortly" from a bug, which stays a 500.
/// </summary>
public sealed class DependencyExceptionHandler(IProblemDetailsService problemDetails, ILogger<DependencyExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (DependencyUnavailable.Which(exception) is not { } dependency || httpContext.Response.HasStarted) return false;

        logger.LogWarning("{Method} {Path}: 503, {Dependency} unavailable: {Reason}", httpContext.Request.Method,
            LogValue.Escape(httpContext.Request.Path), dependency, LogValue.Escape(exception.GetBaseException().Message));
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = DependencyUnavailable.RetryAfterSeconds.ToString();
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = $"{dependency} is unavailable for the moment. Try again in {DependencyUnavailable.RetryAfterSeconds} s.",
            },
        });
    }
}
