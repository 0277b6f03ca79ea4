using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Zhtp.Storage.Content;
using Zhtp.Storage.Economic;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Http.Errors;

/// <summary>
/// Turns exceptions into RFC 9457 problem details (docs/api.md, "Errors"): the typed content exceptions into
/// 404/403/409/413/416/503, bad input into 400, anything else into a 500 that says only "internal error" and the trace id
/// (the exception goes to the log, never to the client).
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested && exception is OperationCanceledException)
        {
            return true; // the client went away: nobody to answer
        }

        (int status, string title, string detail) = Map(exception);
        if (status >= 500)
        {
            LogFailure(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        if (httpContext.Response.HasStarted)
        {
            httpContext.Abort();
            return true;
        }

        httpContext.Response.Clear();
        await ProblemWriter.WriteAsync(httpContext, status, title, detail).ConfigureAwait(false);
        return true;
    }

    /// <summary>The status, title and client-safe detail for <paramref name="exception"/>.</summary>
    internal static (int Status, string Title, string Detail) Map(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException bad)
            {
                return (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Payload Too Large" : "Bad Request", bad.Message);
            }
        }

        return exception switch
        {
            ContentNotFoundException e => (StatusCodes.Status404NotFound, "Not Found", e.Message),
            ContentAccessDeniedException e => (StatusCodes.Status403Forbidden, "Forbidden", e.Message),
            ContentRangeException e => (StatusCodes.Status416RangeNotSatisfiable, "Range Not Satisfiable", e.Message),
            ContentUnavailableException e => (StatusCodes.Status503ServiceUnavailable, "Service Unavailable", e.Message),
            ContentIntegrityException e => (StatusCodes.Status502BadGateway, "Bad Gateway", e.Message),
            ContentException e when e.Message.Contains("MaxContentSize", StringComparison.Ordinal) => (StatusCodes.Status413PayloadTooLarge, "Payload Too Large", e.Message),
            ContentException e when e.Message.Contains("stored on no node", StringComparison.Ordinal) => (StatusCodes.Status503ServiceUnavailable, "Service Unavailable", e.Message),
            ContentException e => (StatusCodes.Status409Conflict, "Conflict", e.Message),
            PricingException e => (StatusCodes.Status400BadRequest, "Bad Request", e.Message),
            ConfigurationException e => (StatusCodes.Status400BadRequest, "Bad Request", e.Message),
            ArgumentException e => (StatusCodes.Status400BadRequest, "Bad Request", e.Message),
            FormatException e => (StatusCodes.Status400BadRequest, "Bad Request", e.Message),
            KeyNotFoundException e => (StatusCodes.Status404NotFound, "Not Found", e.Message),
            UnifiedStorageException e => (StatusCodes.Status503ServiceUnavailable, "Service Unavailable", e.Message),
            IOException => (StatusCodes.Status400BadRequest, "Bad Request", "The request body could not be read to its end (the client closed the connection or sent less than Content-Length); nothing was stored."),
            _ => (StatusCodes.Status500InternalServerError, "Internal Server Error", "An internal error occurred; the node's log has the details under this request's trace id."),
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, string method, string path, Exception exception);
}
