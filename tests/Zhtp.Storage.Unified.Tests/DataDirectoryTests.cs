using Zhtp.Storage.Unified.Tests.Support;

namespace Zhtp.Storage.Unified.Tests;

public sealed class DataDirectoryTests
{
    [Fact(Timeout = 60_000)]
    public async Task TwoSystemsOnOneDataDirectory_SecondFailsWithAClearError_ThenStartsOnceTheFirstStopped()
    {
        using var directory = new TempDirectory();
        var options = new ZhtpStorageOptions { DataDirectory = directory.Path };
        IUnifiedStorageSystem first = await UnifiedStorageSystems.StartAsync(options);
        NodeInfo info = first.GetNodeInfo();
        try
        {
            var error = await Assert.ThrowsAsync<DataDirectoryLockedException>(() => UnifiedStorageSystems.StartAsync(new ZhtpStorageOptions { DataDirectory = directory.Path }));
            Assert.Contains("in use by another node", error.Message, StringComparison.Ordinal);
            Assert.Contains("zhtp.lock", error.Message, StringComparison.Ordinal);
            Assert.Equal(Path.GetFullPath(directory.Path), error.DataDirectory);
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using IUnifiedStorageSystem second = await UnifiedStorageSystems.StartAsync(new ZhtpStorageOptions { DataDirectory = directory.Path });
        Assert.Equal(info.NodeId, second.GetNodeInfo().NodeId);
    }

    [Fact(Timeout = 120_000)]
    public async Task IdentityFile_CreatedWithPassphrase_IsReloadedOnRestart()
    {
        using var directory = new TempDirectory();
        var environment = new Dictionary<string, string?> { [ZhtpStorageOptions.DefaultPassphraseVariable] = "correct horse battery staple" };
        var options = new ZhtpStorageOptions { DataDirectory = directory.Path };
        Types.Identities.IdentityId id;
        await using (var first = new Runtime.UnifiedStorageSystem(options, null, null, v => environment.GetValueOrDefault(v)))
        {
            await first.StartAsync(CancellationToken.None);
            Assert.True(first.GetNodeInfo().IdentityPersistent);
            id = first.GetNodeInfo().Identity;
        }

        Assert.True(File.Exists(Path.Combine(directory.Path, "identity.key")));
        await using (var again = new Runtime.UnifiedStorageSystem(options, null, null, v => environment.GetValueOrDefault(v)))
        {
            await again.StartAsync(CancellationToken.None);
            Assert.Equal(id, again.GetNodeInfo().Identity);
        }

        // The file exists but no passphrase is given: a clear error, not a silent new identity.
        await using var without = new Runtime.UnifiedStorageSystem(options, null, null, _ => null);
        var error = await Assert.ThrowsAsync<UnifiedStorageException>(() => without.StartAsync(CancellationToken.None));
        Assert.Contains(ZhtpStorageOptions.DefaultPassphraseVariable, error.Message, StringComparison.Ordinal);
    }
}
