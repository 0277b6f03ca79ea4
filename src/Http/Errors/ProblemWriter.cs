using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Zhtp.Storage.Http.Errors;

/// <summary>
/// Writes an RFC 9457 problem answer through the problem-details service (so the customizations apply), and writes
/// the JSON itself when the request's <c>Accept</c> header admits none of the service's writers: an error answer is
/// never turned into a bare 500 by content negotiation.
/// </summary>
internal static class ProblemWriter
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, string? type = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = type ?? $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}" };
        IProblemDetailsService service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).ConfigureAwait(false))
        {
            problem.Instance ??= context.Request.Path;
            problem.Extensions["traceId"] = context.TraceIdentifier;
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted).ConfigureAwait(false);
        }
    }
}
