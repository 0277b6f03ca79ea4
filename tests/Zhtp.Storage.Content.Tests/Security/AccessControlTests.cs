using Zhtp.Storage.Content.Tests.Manager;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Tests.Security;

/// <summary>Owner/grant access control with user identities over a loopback cluster.</summary>
public sealed class AccessControlTests : IAsyncLifetime
{
    private const int Segment = 16 * 1024;
    private readonly ZhtpIdentity _owner = Identities.Hybrid();
    private readonly ZhtpIdentity _reader = Identities.Hybrid();
    private readonly ZhtpIdentity _stranger = Identities.Hybrid();
    private ContentCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ContentCluster.StartAsync(8);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _owner.Dispose();
        _reader.Dispose();
        _stranger.Dispose();
    }

    [Theory(Timeout = 120_000)]
    [InlineData(EncryptionLevel.Standard)]
    [InlineData(EncryptionLevel.HighSecurity)]
    [InlineData(EncryptionLevel.QuantumResistant)]
    public async Task PrivateContent_TheOwnerReadsFromAnotherNode_ANonOwnerIsDenied(EncryptionLevel level)
    {
        byte[] content = TestData.Make(2 * Segment + 5, random: true, seed: 31);
        ContentReceipt receipt = await _cluster.ManagerFor(0, _owner).UploadAsync(new MemoryStream(content), EncryptionLevelTests.Upload(level, AccessLevel.Private));
        IContentManager stranger = _cluster.ManagerFor(5, _stranger);

        using var copy = new MemoryStream();
        DownloadResult own = await _cluster.ManagerFor(6, _owner).DownloadAsync(receipt.Id, copy);
        ContentAccessDeniedException denied = await Assert.ThrowsAsync<ContentAccessDeniedException>(() => stranger.DownloadAsync(receipt.Id, new MemoryStream()));
        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => stranger.OpenReadAsync(receipt.Id));
        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => stranger.GrantAsync(receipt.Id, _stranger.Public));

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(EncryptionLevelTests.Filename, own.Info.Metadata.Filename);
        Assert.Contains("Private", denied.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Grantee_Reads_AfterRevoke_CannotReadTheNewVersion_ButKeepsTheOldOne()
    {
        byte[] content = TestData.Make(3 * Segment, random: true, seed: 32);
        IContentManager owner = _cluster.ManagerFor(0, _owner);
        IContentManager reader = _cluster.ManagerFor(4, _reader);
        IContentManager stranger = _cluster.ManagerFor(5, _stranger);
        ContentReceipt v1 = await owner.UploadAsync(new MemoryStream(content), EncryptionLevelTests.Upload(EncryptionLevel.HighSecurity, AccessLevel.Restricted));
        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => reader.DownloadAsync(v1.Id, new MemoryStream()));

        await owner.GrantAsync(v1.Id, _reader.Public);
        using var granted = new MemoryStream();
        DownloadResult read = await reader.DownloadAsync(v1.Id, granted);
        IReadOnlyList<PublicIdentity> grants = await stranger.ListGrantsAsync(v1.Id);
        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => stranger.DownloadAsync(v1.Id, new MemoryStream()));

        ContentReceipt v2 = await owner.RevokeAsync(v1.Id, _reader.Id);
        ContentAccessDeniedException revoked = await Assert.ThrowsAsync<ContentAccessDeniedException>(() => reader.DownloadAsync(v1.Id, new MemoryStream()));
        using var old = new MemoryStream();
        await reader.DownloadAsync(v1.Id, old, version: v1.Version);
        using var ownCopy = new MemoryStream();
        await _cluster.ManagerFor(7, _owner).DownloadAsync(v1.Id, ownCopy);

        Assert.Equal(content, granted.ToArray());
        Assert.Equal(EncryptionLevelTests.Filename, read.Info.Metadata.Filename);
        Assert.Equal(_reader.Id, Assert.Single(grants).Id);
        Assert.Equal(2UL, v2.Version);
        Assert.Contains("version 2", revoked.Message, StringComparison.Ordinal);
        Assert.Equal(content, old.ToArray());
        Assert.Equal(content, ownCopy.ToArray());
        Assert.Empty(await owner.ListGrantsAsync(v1.Id));
    }

    [Fact(Timeout = 120_000)]
    public async Task Grants_AreRefusedOnPrivateContent_AndCarryOverToUpdates()
    {
        IContentManager owner = _cluster.ManagerFor(0, _owner);
        ContentReceipt secret = await owner.UploadAsync(new MemoryStream(TestData.Make(Segment, random: true, seed: 33)), EncryptionLevelTests.Upload(EncryptionLevel.Standard, AccessLevel.Private));
        ContentReceipt shared = await owner.UploadAsync(new MemoryStream(TestData.Make(Segment, random: true, seed: 34)), EncryptionLevelTests.Upload(EncryptionLevel.QuantumResistant, AccessLevel.Restricted));
        using ZhtpIdentity classical = Identities.Classical();

        ContentAccessDeniedException refused = await Assert.ThrowsAsync<ContentAccessDeniedException>(() => owner.GrantAsync(secret.Id, _reader.Public));
        ContentException notHybrid = await Assert.ThrowsAsync<ContentException>(() => owner.GrantAsync(shared.Id, classical.Public));
        await owner.GrantAsync(shared.Id, _reader.Public);
        byte[] update = TestData.Make(Segment + 3, random: true, seed: 35);
        await owner.UpdateAsync(shared.Id, new MemoryStream(update), EncryptionLevelTests.Upload(EncryptionLevel.QuantumResistant, AccessLevel.Restricted));
        using var copy = new MemoryStream();
        DownloadResult read = await _cluster.ManagerFor(3, _reader).DownloadAsync(shared.Id, copy);

        Assert.Contains("Private", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Hybrid", notHybrid.Message, StringComparison.Ordinal);
        Assert.Equal(2UL, read.Info.Version);
        Assert.Equal(update, copy.ToArray());
    }

    [Fact(Timeout = 120_000)]
    public async Task Search_NeverShowsContentTheCallerCannotRead()
    {
        for (int i = 1; i < 8; i++)
        {
            if (i is not (4 or 5))
            {
                _cluster.Manager(i, null, null);
            }
        }

        IContentManager owner = _cluster.ManagerFor(0, _owner);
        IContentManager reader = _cluster.ManagerFor(4, _reader);
        IContentManager stranger = _cluster.ManagerFor(5, _stranger);
        var restricted = new ContentUploadOptions { Encryption = EncryptionLevel.Standard, Metadata = new ContentMetadata { Filename = "quarterly-report.pdf", Tags = ["quarterly"], Access = AccessLevel.Restricted } };
        var open = new ContentUploadOptions { Encryption = EncryptionLevel.None, Metadata = new ContentMetadata { Filename = "quarterly-public.pdf", Tags = ["quarterly"], Access = AccessLevel.Public } };
        ContentReceipt hidden = await owner.UploadAsync(new MemoryStream(TestData.Make(Segment, random: true, seed: 36)), restricted);
        ContentReceipt visible = await owner.UploadAsync(new MemoryStream(TestData.Make(Segment, random: true, seed: 37)), open);
        await owner.GrantAsync(hidden.Id, _reader.Public);
        await reader.DownloadAsync(hidden.Id, new MemoryStream());

        var query = new ContentSearchQuery { Tag = "quarterly", IncludeNetwork = true };
        IReadOnlyList<ContentSearchHit> granted = await reader.SearchAsync(query);
        IReadOnlyList<ContentSearchHit> strangers = await stranger.SearchAsync(query);
        await owner.RevokeAsync(hidden.Id, _reader.Id);
        IReadOnlyList<ContentSearchHit> revoked = await reader.SearchAsync(query);

        Assert.Equal(new HashSet<ContentId> { hidden.Id, visible.Id }, granted.Select(h => h.Id).ToHashSet());
        Assert.Equal(visible.Id, Assert.Single(strangers).Id);
        Assert.Equal(visible.Id, Assert.Single(revoked).Id);
        Assert.Equal(new HashSet<ContentId> { hidden.Id, visible.Id }, (await owner.SearchAsync(new ContentSearchQuery { Tag = "quarterly" })).Select(h => h.Id).ToHashSet());
    }
}
