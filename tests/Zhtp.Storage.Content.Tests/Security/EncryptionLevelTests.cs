using System.Text;
using Zhtp.Storage.Content.Tests.Manager;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Tests.Security;

/// <summary>
/// The encryption levels as paths through the pipeline, checked where it matters: what a holder keeps.
/// Holders use SQLite record stores on disk; the nodes other than the owner's and the reader's run
/// content managers with data directories (search index, keyword records). The scan covers all of it.
/// </summary>
public sealed class EncryptionLevelTests : IAsyncLifetime
{
    internal const string Marker = "ZHTP-PLAINTEXT-MARKER-7Q";
    internal const string Filename = "zq-secret-filename-tax-2026.pdf";
    internal const string Tag = "zq-secret-tag-audit";
    internal const string Description = "zq-secret-description of the audit";
    private const int Segment = 16 * 1024;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "zhtp-levels-" + Guid.NewGuid().ToString("N"));
    private ContentCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ContentCluster.StartAsync(8, Path.Combine(_root, "stores"));

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A store still closing; the temporary directory is left behind.
        }
    }

    [Theory(Timeout = 120_000)]
    [InlineData(EncryptionLevel.None)]
    [InlineData(EncryptionLevel.Standard)]
    [InlineData(EncryptionLevel.HighSecurity)]
    public async Task HolderStores_HoldNoPlaintext_AtEveryLevelButNone_AndNoMetadataAtHighSecurity(EncryptionLevel level)
    {
        StartHolderManagers();
        byte[] secret = ContentCluster.Secret();
        byte[] content = WithMarkers(3 * Segment, seed: 21);
        IContentManager writer = _cluster.Manager(0, NodeSigners.CreateEcdsaP256(), secret, WithoutCompression);
        IContentManager reader = _cluster.Manager(7, null, secret);
        IContentManager stranger = _cluster.Manager(6, null, ContentCluster.Secret());
        ContentReceipt receipt = await writer.UploadAsync(new MemoryStream(content), Upload(level, AccessLevel.Private));

        using var copy = new MemoryStream();
        DownloadResult read = await reader.DownloadAsync(receipt.Id, copy);
        ContentLookup seenByStranger = await stranger.GetMetadataAsync(receipt.Id);
        List<string> found = await PlaintextScanner.FindAsync(_cluster.Stores, [_root], Marker, Filename, Tag, Description);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(Filename, read.Info.Metadata.Filename);
        Assert.Equal(content.Length, seenByStranger.Info!.Length);
        switch (level)
        {
            case EncryptionLevel.None:
                // The positive control: the scanner finds plaintext where it is.
                Assert.Contains(found, f => f.Contains(Marker, StringComparison.Ordinal));
                Assert.Contains(found, f => f.Contains(Filename, StringComparison.Ordinal));
                break;
            case EncryptionLevel.Standard:
                Assert.DoesNotContain(found, f => f.Contains(Marker, StringComparison.Ordinal));
                Assert.Contains(found, f => f.Contains(Filename, StringComparison.Ordinal));
                Assert.Equal(Filename, seenByStranger.Info.Metadata.Filename);
                break;
            default:
                Assert.Empty(found);
                Assert.Equal("", seenByStranger.Info.Metadata.Filename);
                Assert.Empty(seenByStranger.Info.Metadata.Tags);
                Assert.Equal(AccessLevel.Private, seenByStranger.Info.Metadata.Access);
                break;
        }
    }

    [Theory(Timeout = 120_000)]
    [InlineData(EncryptionLevel.Standard)]
    [InlineData(EncryptionLevel.HighSecurity)]
    [InlineData(EncryptionLevel.QuantumResistant)]
    public async Task WithUserIdentities_HolderStoresHoldNoPlaintext_AndNoMetadataAboveStandard(EncryptionLevel level)
    {
        StartHolderManagers();
        using ZhtpIdentity owner = Identities.Hybrid();
        using ZhtpIdentity reader = Identities.Hybrid();
        byte[] content = WithMarkers(3 * Segment, seed: 24);
        IContentManager writer = _cluster.ManagerFor(0, owner, WithoutCompression);
        ContentReceipt receipt = await writer.UploadAsync(new MemoryStream(content), Upload(level, AccessLevel.Restricted));
        await writer.GrantAsync(receipt.Id, reader.Public);

        using var copy = new MemoryStream();
        DownloadResult read = await _cluster.ManagerFor(7, reader).DownloadAsync(receipt.Id, copy);
        List<string> found = await PlaintextScanner.FindAsync(_cluster.Stores, [_root], Marker, Filename, Tag, Description);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(Filename, read.Info.Metadata.Filename);
        Assert.DoesNotContain(found, f => f.Contains(Marker, StringComparison.Ordinal));
        if (level == EncryptionLevel.Standard)
        {
            Assert.Contains(found, f => f.Contains(Filename, StringComparison.Ordinal));
        }
        else
        {
            Assert.Empty(found);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task PublicStandard_PublishesItsKey_AnyoneReads_PublicHighSecurityIsRefused()
    {
        IContentManager writer = _cluster.Manager(0, NodeSigners.CreateEcdsaP256(), ContentCluster.Secret());
        IContentManager anyone = _cluster.Manager(5, null, null);
        byte[] content = TestData.Make(Segment + 7, random: true, seed: 22);
        ContentReceipt receipt = await writer.UploadAsync(new MemoryStream(content), Upload(EncryptionLevel.Standard, AccessLevel.Public));

        using var copy = new MemoryStream();
        await anyone.DownloadAsync(receipt.Id, copy);
        ArgumentException refused = await Assert.ThrowsAsync<ArgumentException>(
            () => writer.UploadAsync(new MemoryStream(content), Upload(EncryptionLevel.HighSecurity, AccessLevel.Public)));

        Assert.True(receipt.Encrypted);
        Assert.Equal(content, copy.ToArray());
        Assert.Contains("Public", refused.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task HighSecurity_KeywordRecordsAndStrangersSearch_ShowNothing_TheOwnerFindsItLocally()
    {
        StartHolderManagers();
        IContentManager writer = _cluster.Manager(0, NodeSigners.CreateEcdsaP256(), ContentCluster.Secret());
        IContentManager stranger = _cluster.Manager(7, NodeSigners.CreateEcdsaP256(), ContentCluster.Secret());
        ContentReceipt receipt = await writer.UploadAsync(new MemoryStream(WithMarkers(Segment, seed: 23)), Upload(EncryptionLevel.HighSecurity, AccessLevel.Restricted));

        IReadOnlyList<ContentSearchHit> own = await writer.SearchAsync(new ContentSearchQuery { Tag = Tag });
        IReadOnlyList<ContentSearchHit> elsewhere = await stranger.SearchAsync(new ContentSearchQuery { Tag = Tag, IncludeNetwork = true });

        Assert.Equal(receipt.Id, Assert.Single(own).Id);
        Assert.Empty(elsewhere);
    }

    internal static ContentUploadOptions Upload(EncryptionLevel level, AccessLevel access) => new()
    {
        Encryption = level,
        Metadata = new ContentMetadata { Filename = Filename, ContentType = "application/pdf", Tags = [Tag, "finance"], Description = Description, Access = access },
    };

    /// <summary>Random bytes with <see cref="Marker"/> every 997 bytes (some copies straddle shard boundaries, most do not).</summary>
    internal static byte[] WithMarkers(int size, int seed)
    {
        byte[] content = TestData.Make(size, random: true, seed);
        byte[] marker = Encoding.ASCII.GetBytes(Marker);
        for (int at = 100; at + marker.Length < size; at += 997)
        {
            marker.CopyTo(content, at);
        }

        return content;
    }

    /// <summary>Compression off: segments carry the plaintext byte for byte before sealing, the hardest case for the scan.</summary>
    internal static ContentManagerOptions WithoutCompression(ContentManagerOptions options) => options with { Content = options.Content with { CompressionEnabled = false } };

    private void StartHolderManagers()
    {
        for (int i = 1; i < 7; i++)
        {
            string directory = Path.Combine(_root, "data", $"node-{i}");
            _cluster.Manager(i, null, null, o => o with { DataDirectory = directory });
        }
    }
}
