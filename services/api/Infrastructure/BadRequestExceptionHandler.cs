using Microsoft.AspNetCore.Diagnostics;

namespace Api.Infrastructure;

/// <summary>
/// Turns Kestrel's <see cref="BadHttpRequestException"/> (body over the limit: 413; truncated or malformed: 400)
/// into problem details with its own status, wherever it surfaces: read by our code or inside a client's copy.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var badRequest = Find(exception);
        if (badRequest is null || httpContext.Response.HasStarted) return false;

        var tooLarge = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = tooLarge ? "Document too large" : "Bad request",
                Detail = tooLarge ? DocumentLimits.TooLargeMessage : badRequest.Message,
            },
        });
    }

    private static BadHttpRequestException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException badRequest) return badRequest;
        }
        return null;
    }
}
