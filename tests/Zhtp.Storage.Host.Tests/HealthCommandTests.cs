using System.Net;
using System.Net.Sockets;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp health --url</c>, the container health probe, against a loopback HTTP listener.</summary>
public sealed class HealthCommandTests
{
    [Theory(Timeout = 30_000)]
    [InlineData(200, 0)]
    [InlineData(503, 1)]
    public async Task Health_ExitsZeroOnlyFor2xx(int status, int expectedExit)
    {
        int port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Task serve = Task.Run(async () =>
        {
            HttpListenerContext context = await listener.GetContextAsync();
            Assert.Equal("/api/v1/health", context.Request.Url!.AbsolutePath);
            context.Response.StatusCode = status;
            context.Response.Close();
        });

        (int exit, string output, _) = await RunAsync("health", "--url", $"http://127.0.0.1:{port}/api/v1/health");
        await serve.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(expectedExit, exit);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Health_RefusedConnection_ExitsOne_BadUrl_ExitsTwo()
    {
        (int exit, string output, _) = await RunAsync("health", "--url", $"http://127.0.0.1:{FreePort()}/api/v1/health/live", "--timeout", "5");
        Assert.Equal(1, exit);
        Assert.Contains("unreachable", output, StringComparison.Ordinal);

        (exit, _, string error) = await RunAsync("health", "--url", "not a url");
        Assert.Equal(2, exit);
        Assert.Contains("not an absolute http(s) URL", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:5080/api/v1/health/live")]
    [InlineData("0.0.0.0:6000", "http://127.0.0.1:6000/api/v1/health/live")]
    [InlineData("[::]:6000", "http://[::1]:6000/api/v1/health/live")]
    [InlineData("127.0.0.1:47181", "http://127.0.0.1:47181/api/v1/health/live")]
    public void UrlFor_TheApiListenAddress_ProbesItOnLoopback(string? listen, string expected) =>
        Assert.Equal(expected, Zhtp.Storage.Host.Commands.HealthCommand.UrlFor(listen));

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await Program.BuildRoot().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
