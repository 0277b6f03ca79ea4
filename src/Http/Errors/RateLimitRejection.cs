using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Zhtp.Storage.Http.Errors;

/// <summary>The 429 answer: <c>Retry-After</c> in whole seconds (at least 1) and a problem body.</summary>
internal static class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        HttpContext http = context.HttpContext;
        int seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ProblemWriter.WriteAsync(http, StatusCodes.Status429TooManyRequests, "Too Many Requests",
            $"The rate limit of this {(http.User.Identity?.IsAuthenticated == true ? "token" : "address")} is used up; retry after {seconds} s.",
            "https://www.rfc-editor.org/rfc/rfc6585#section-4").ConfigureAwait(false);
    }
}
