using System.Security.Cryptography;
using Zhtp.Storage.S3.Http;
using Zhtp.Storage.S3.Multipart;

namespace Zhtp.Storage.S3.Tests;

/// <summary>The part files: written whole (preallocation does not lengthen them), and a part shorter on disk than acknowledged is refused.</summary>
public sealed class PartStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("zhtp-parts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task Parts_ReadBackAsWritten_AndAShortPartIsInvalidPart()
    {
        var store = new PartStore(_folder);
        string upload = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        byte[] first = RandomNumberGenerator.GetBytes(3_000_001);
        byte[] second = RandomNumberGenerator.GetBytes(1_000);
        await store.WriteAsync(upload, 1, new MemoryStream(first), first.Length, CancellationToken.None);
        await store.WriteAsync(upload, 2, new MemoryStream(second), null, CancellationToken.None);

        using (var both = new PartsStream(store, upload, [(1, first.Length), (2, second.Length)]))
        using (var copy = new MemoryStream())
        {
            await both.CopyToAsync(copy);
            Assert.Equal([.. first, .. second], copy.ToArray());
        }

        // As after a power loss without fsync: the file is shorter than the size the index acknowledged.
        string path = Path.Combine(_folder, upload, "1");
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(first.Length / 2);
        }

        using var cut = new PartsStream(store, upload, [(1, first.Length), (2, second.Length)]);
        S3Exception refused = await Assert.ThrowsAsync<S3Exception>(() => cut.CopyToAsync(Stream.Null));
        Assert.Equal("InvalidPart", refused.Code);
        Assert.Contains("upload the part again", refused.Message, StringComparison.Ordinal);
    }
}
