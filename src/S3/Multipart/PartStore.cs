using System.Globalization;

using Zhtp.Storage.S3.Http;

namespace Zhtp.Storage.S3.Multipart;

/// <summary>
/// The bytes of multipart parts until their upload completes: one file per part under
/// <c>parts/&lt;upload id&gt;/&lt;part number&gt;</c> of the gateway's folder (a temporary folder without a data
/// directory), written to a temporary name and renamed, so a part is whole or absent while the machine runs. A part is
/// not flushed to disk (fsync) before it is acknowledged: it is read back from the page cache moments later, and after
/// a power loss a part file may be short, which the readers catch by checking each file's length against the size the
/// index recorded (<see cref="Open"/>).
/// </summary>
internal sealed class PartStore(string directory)
{
    private const int BufferSize = 1 << 20;
    private static readonly System.Buffers.SearchValues<char> HexCharacters = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>True when <paramref name="uploadId"/> has the form this gateway gives (32 lowercase hex): never a path.</summary>
    public static bool IsUploadId(string uploadId) => uploadId.Length == 32 && !uploadId.AsSpan().ContainsAnyExcept(HexCharacters);

    /// <summary>Copies <paramref name="body"/> into the part's file (replacing an earlier part of that number); <paramref name="expectedLength"/>, when known, preallocates the file.</summary>
    public async Task WriteAsync(string uploadId, int number, Stream body, long? expectedLength, CancellationToken cancellationToken)
    {
        string folder = Folder(uploadId);
        Directory.CreateDirectory(folder);
        string path = PartPath(uploadId, number);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 0, PreallocationSize = expectedLength ?? 0 };
            await using (var file = new FileStream(temporary, options))
            {
                await body.CopyToAsync(file, BufferSize, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Opens a part for reading; <paramref name="recordedSize"/>, when given, must be the file's length (a part cut short by a power loss is refused).</summary>
    /// <exception cref="S3Exception">InvalidPart: the file's length is not the recorded size.</exception>
    public FileStream Open(string uploadId, int number, long? recordedSize)
    {
        var file = new FileStream(PartPath(uploadId, number), new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 0 });
        if (recordedSize is { } size && file.Length != size)
        {
            long actual = file.Length;
            file.Dispose();
            throw new S3Exception(400, "InvalidPart", $"Part {number} has {actual:N0} bytes on disk but {size:N0} were acknowledged (the node lost it, e.g. in a power failure); upload the part again, then complete.");
        }

        return file;
    }

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
