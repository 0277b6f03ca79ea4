using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Zhtp.Storage.Content;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Unified.Tests;

/// <summary>The sample of docs/getting-started.md, line for line, split where the test runs it on several hosts.</summary>
public static class GettingStartedSample
{
    // --- docs/getting-started.md: begin (keep in step) ---
    public static async Task<IHost> StartAsync(string[] args)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddZhtpStorage(builder.Configuration.GetSection("Zhtp"));
        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task<ContentId> UploadAsync(IHost host, Stream file)
    {
        var storage = host.Services.GetRequiredService<IUnifiedStorageSystem>();
        ContentReceipt receipt = await storage.UploadContentAsync(file,
            new ContentUploadOptions { Metadata = new ContentMetadata { Access = AccessLevel.Public } });
        return receipt.Id;
    }

    public static async Task DownloadAsync(IHost host, ContentId id, Stream copy)
    {
        var storage = host.Services.GetRequiredService<IUnifiedStorageSystem>();
        await storage.DownloadContentAsync(id, copy);
    }
    // --- docs/getting-started.md: end ---
}
