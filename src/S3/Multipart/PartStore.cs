using System.Globalization;

namespace Zhtp.Storage.S3.Multipart;

/// <summary>
/// The bytes of multipart parts until their upload completes: one file per part under
/// <c>parts/&lt;upload id&gt;/&lt;part number&gt;</c> of the gateway's folder (a temporary folder without a data
/// directory), written to a temporary name, flushed to disk and renamed, so a part is whole or absent.
/// </summary>
internal sealed class PartStore(string directory)
{
    private const int BufferSize = 1 << 20;
    private static readonly System.Buffers.SearchValues<char> HexCharacters = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>True when <paramref name="uploadId"/> has the form this gateway gives (32 lowercase hex): never a path.</summary>
    public static bool IsUploadId(string uploadId) => uploadId.Length == 32 && !uploadId.AsSpan().ContainsAnyExcept(HexCharacters);

    /// <summary>Copies <paramref name="body"/> into the part's file (replacing an earlier part of that number).</summary>
    public async Task WriteAsync(string uploadId, int number, Stream body, CancellationToken cancellationToken)
    {
        string folder = Folder(uploadId);
        Directory.CreateDirectory(folder);
        string path = PartPath(uploadId, number);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 0 };
            await using (var file = new FileStream(temporary, options))
            {
                await body.CopyToAsync(file, BufferSize, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Opens a part for reading.</summary>
    public FileStream Open(string uploadId, int number) =>
        new(PartPath(uploadId, number), new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 0 });

    /// <summary>Removes every part of an upload.</summary>
    public void Delete(string uploadId)
    {
        string folder = Folder(uploadId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Removes part folders whose upload is no longer in the index (left by a crash between the index and the files).</summary>
    public void DeleteAllBut(IReadOnlyCollection<string> uploadIds)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var keep = new HashSet<string>(uploadIds, StringComparer.Ordinal);
        foreach (string folder in Directory.EnumerateDirectories(directory))
        {
            if (!keep.Contains(Path.GetFileName(folder)))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private string Folder(string uploadId) =>
        IsUploadId(uploadId) ? Path.Combine(directory, uploadId) : throw new ArgumentException($"'{uploadId}' is not an upload id.", nameof(uploadId));

    private string PartPath(string uploadId, int number) => Path.Combine(Folder(uploadId), number.ToString(CultureInfo.InvariantCulture));
}
