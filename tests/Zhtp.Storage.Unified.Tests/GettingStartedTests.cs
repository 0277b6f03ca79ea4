using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Zhtp.Storage.Content;
using Zhtp.Storage.Unified.Tests.Support;

namespace Zhtp.Storage.Unified.Tests;

public sealed class GettingStartedTests
{
    [Fact(Timeout = 120_000)]
    public async Task Sample_ThreeHostsOnLoopback_UploadOnOneDownloadOnAnother()
    {
        using var directory = new TempDirectory();
        var hosts = new List<IHost>();
        try
        {
            IHost first = await GettingStartedSample.StartAsync(["--Zhtp:DataDirectory=" + directory.Sub("a"), "--Logging:LogLevel:Default=Warning"]);
            hosts.Add(first);
            string bootstrap = first.Services.GetRequiredService<IUnifiedStorageSystem>().GetNodeInfo().EndPoint.ToString();
            for (int i = 0; i < 2; i++)
            {
                hosts.Add(await GettingStartedSample.StartAsync(["--Zhtp:DataDirectory=" + directory.Sub("node" + i), "--Zhtp:Bootstrap:0=" + bootstrap, "--Logging:LogLevel:Default=Warning"]));
            }

            // The first node learns the later ones (they joined through it); the writer also knows the reader.
            await hosts[1].Services.GetRequiredService<IUnifiedStorageSystem>().AddPeerAsync(hosts[2].Services.GetRequiredService<IUnifiedStorageSystem>().GetNodeInfo().EndPoint);

            byte[] original = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
            ContentId id = await GettingStartedSample.UploadAsync(hosts[1], new MemoryStream(original));
            var copy = new MemoryStream();
            await GettingStartedSample.DownloadAsync(hosts[2], id, copy);

            Assert.Equal(original, copy.ToArray());
            Assert.NotEqual(hosts[1].Services.GetRequiredService<IUnifiedStorageSystem>().GetNodeInfo().NodeId, hosts[2].Services.GetRequiredService<IUnifiedStorageSystem>().GetNodeInfo().NodeId);
        }
        finally
        {
            foreach (IHost host in Enumerable.Reverse(hosts))
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Host_StopsCleanly_AndReleasesTheDataDirectory()
    {
        using var directory = new TempDirectory();
        IHost host = await GettingStartedSample.StartAsync(["--Zhtp:DataDirectory=" + directory.Path, "--Logging:LogLevel:Default=Warning"]);
        var storage = host.Services.GetRequiredService<IUnifiedStorageSystem>();
        var node = storage.GetNodeInfo();
        Assert.NotNull(host.Services.GetRequiredService<IContentManager>());
        await host.StopAsync();
        host.Dispose();

        await Assert.ThrowsAsync<UnifiedStorageException>(() => storage.GetStatisticsAsync());

        // Same directory again: the lock is free and the node key is reused.
        IHost again = await GettingStartedSample.StartAsync(["--Zhtp:DataDirectory=" + directory.Path, "--Logging:LogLevel:Default=Warning"]);
        try
        {
            Assert.Equal(node.NodeId, again.Services.GetRequiredService<IUnifiedStorageSystem>().GetNodeInfo().NodeId);
        }
        finally
        {
            await again.StopAsync();
            again.Dispose();
        }
    }
}
