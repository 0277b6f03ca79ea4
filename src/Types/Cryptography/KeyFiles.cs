namespace Zhtp.Storage.Types.Cryptography;

/// <summary>Writes secret key files (node keys, sealed identities): owner-only and complete or absent.</summary>
public static class KeyFiles
{
    /// <summary>
    /// Writes <paramref name="contents"/> to the new file <paramref name="path"/> (creating its directory): into a
    /// temporary file created with mode 0600 on Unix, flushed to disk, then moved into place without replacing anything.
    /// </summary>
    /// <exception cref="IOException"><paramref name="path"/> already exists, or the write failed.</exception>
    public static void WriteNew(string path, ReadOnlySpan<byte> contents)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        string temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
    }
}
