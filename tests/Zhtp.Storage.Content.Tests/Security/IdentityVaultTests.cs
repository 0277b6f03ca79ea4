using Zhtp.Storage.Content.Tests.Manager;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Tests.Security;

/// <summary>The credential vault over a loopback cluster, with the documented Argon2id cost (64 MiB, 3 passes).</summary>
public sealed class IdentityVaultTests : IAsyncLifetime
{
    private const string Passphrase = "correct horse battery staple";
    private ContentCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ContentCluster.StartAsync(8);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task StoredOnOneNode_RetrievedOnAnother_WithTheSameKeys_WrongPassphraseIsTyped()
    {
        using ZhtpIdentity identity = Identities.Hybrid();
        IIdentityVault here = IdentityVaults.Create(_cluster.Nodes[0]);
        IIdentityVault there = IdentityVaults.Create(_cluster.Nodes[6]);

        bool before = await there.ExistsAsync(identity.Id);
        await here.StoreAsync(identity, Passphrase);
        bool after = await there.ExistsAsync(identity.Id);
        using ZhtpIdentity restored = await there.RetrieveAsync(identity.Id, Passphrase);
        byte[] message = "signed on another node"u8.ToArray();
        await Assert.ThrowsAsync<WrongPassphraseException>(() => there.RetrieveAsync(identity.Id, Passphrase + "!"));
        IdentityVaultException unknown = await Assert.ThrowsAsync<IdentityVaultException>(() => there.RetrieveAsync(Identities.Classical().Id, Passphrase));

        Assert.False(before);
        Assert.True(after);
        Assert.Equal(identity.Id, restored.Id);
        Assert.Equal(IdentityKind.Hybrid, restored.Kind);
        Assert.True(identity.Public.Verify(message, restored.Sign(message)));
        Assert.Equal(IdentityVaultError.NotFound, unknown.Reason);
    }

    [Fact(Timeout = 120_000)]
    public async Task TamperedRecord_IsATypedError_AndNeverOpens()
    {
        using ZhtpIdentity identity = Identities.Hybrid();
        await IdentityVaults.Create(_cluster.Nodes[0]).StoreAsync(identity, Passphrase);
        DhtKey key = IdentityRecords.KeyOf(identity.Id);
        const int other = 7;
        await _cluster.Stores[other].RemoveAsync(key);
        var holders = new List<int>();
        for (int i = 0; i < _cluster.Stores.Count; i++)
        {
            if (await _cluster.Stores[i].GetAsync(key) is not { } record)
            {
                continue;
            }

            // Flip one byte of the sealed keys at the end of the value; the identity's signature no longer covers it.
            byte[] value = record.Value.ToArray();
            value[^20] ^= 0x40;
            await _cluster.Stores[i].RemoveAsync(key);
            await _cluster.Stores[i].PutAsync(record with { Value = value });
            holders.Add(i);
        }

        IdentityVaultException onHolder = await Assert.ThrowsAsync<IdentityVaultException>(() => IdentityVaults.Create(_cluster.Nodes[holders[0]]).RetrieveAsync(identity.Id, Passphrase));
        IdentityVaultException elsewhere = await Assert.ThrowsAsync<IdentityVaultException>(() => IdentityVaults.Create(_cluster.Nodes[other]).RetrieveAsync(identity.Id, Passphrase));

        Assert.NotEmpty(holders);
        Assert.DoesNotContain(other, holders);
        Assert.Equal(IdentityVaultError.Tampered, onHolder.Reason);

        // Other nodes validate identity records on receipt and drop the altered copies, so nothing is found there.
        Assert.Equal(IdentityVaultError.NotFound, elsewhere.Reason);
        Assert.False(await IdentityVaults.Create(_cluster.Nodes[other]).ExistsAsync(identity.Id));
    }

    [Fact(Timeout = 60_000)]
    public async Task ParametersBelowTheFloor_AreRefused_AndNothingIsStored()
    {
        using ZhtpIdentity identity = Identities.Classical();
        IIdentityVault weak = IdentityVaults.Create(_cluster.Nodes[0], new IdentityVaultOptions { Parameters = new Argon2idParameters(32 * 1024, 3, 1) });

        ArgumentException refused = await Assert.ThrowsAnyAsync<ArgumentException>(() => weak.StoreAsync(identity, Passphrase));

        Assert.Contains("MemoryKiB", refused.Message, StringComparison.Ordinal);
        Assert.False(await IdentityVaults.Create(_cluster.Nodes[3]).ExistsAsync(identity.Id));
    }
}
