using System.CommandLine;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp health [--url URL] [--timeout SECONDS]</c>: a probe for container health checks, where no curl is installed
/// (deploy/Dockerfile's <c>HEALTHCHECK</c>). GETs the URL (default: the liveness endpoint at the address in
/// <c>ZHTP__API__LISTEN</c>, a wildcard host probed on loopback, or at 127.0.0.1:5080 without it) and exits 0 when the
/// answer is 2xx, 1 on any other status, a refused connection or the timeout; 2 on a bad URL or timeout. Prints one
/// line saying what it saw.
/// </summary>
internal sealed class HealthCommand : IZhtpCommand
{
    /// <summary>The URL probed when <c>--url</c> is absent.</summary>
    internal const string DefaultUrl = "http://127.0.0.1:5080/api/v1/health/live";

    /// <inheritdoc />
    public Command Build()
    {
        var url = new Option<string>("--url")
        {
            Description = "The health URL to GET (ready: /api/v1/health). Default: /api/v1/health/live at ZHTP__API__LISTEN, else " + DefaultUrl,
            DefaultValueFactory = _ => UrlFor(Environment.GetEnvironmentVariable("ZHTP__API__LISTEN")),
        };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the answer.", DefaultValueFactory = _ => 3 };
        var command = new Command("health", "Probes a node's health endpoint: exit 0 when it answers 2xx, 1 otherwise.") { url, timeout };
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            TextWriter error = result.InvocationConfiguration.Error;
            string text = result.GetValue(url)!;
            double seconds = result.GetValue(timeout);
            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                await error.WriteLineAsync($"zhtp health: --url '{text}' is not an absolute http(s) URL; pass e.g. {DefaultUrl}").ConfigureAwait(false);
                return 2;
            }

            if (!(seconds > 0) || seconds > 3600)
            {
                await error.WriteLineAsync($"zhtp health: --timeout {seconds} is out of range; pass 0 < SECONDS <= 3600").ConfigureAwait(false);
                return 2;
            }

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(seconds) };
            try
            {
                using HttpResponseMessage response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                await output.WriteLineAsync($"{uri}: {status} {response.ReasonPhrase}").ConfigureAwait(false);
                return status is >= 200 and < 300 ? 0 : 1;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await output.WriteLineAsync($"{uri}: unreachable ({e.GetType().Name}: {e.Message})").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    /// <summary>The liveness URL of an API listening on <paramref name="listen"/> (HOST:PORT; a wildcard host maps to loopback).</summary>
    internal static string UrlFor(string? listen)
    {
        if (string.IsNullOrWhiteSpace(listen))
        {
            return DefaultUrl;
        }

        string address = listen.Trim()
            .Replace("0.0.0.0:", "127.0.0.1:", StringComparison.Ordinal)
            .Replace("[::]:", "[::1]:", StringComparison.Ordinal)
            .Replace("*:", "127.0.0.1:", StringComparison.Ordinal);
        return $"http://{address}/api/v1/health/live";
    }
}
