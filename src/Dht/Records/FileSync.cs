using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Zhtp.Storage.Dht.Records;

/// <summary>
/// Two file calls .NET does not offer: fsync a directory, so the entry of a file created in it survives a crash, and
/// free a range of a file's blocks (punch a hole). Both are Linux system calls; elsewhere both are skipped (Windows
/// has no directory handle to flush and NTFS journals names; without hole punching, space comes back later).
/// </summary>
internal static partial class FileSync
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux (x64 and arm64)
    private const int PunchHoleKeepSize = 0x03;    // FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE

    /// <summary>
    /// Frees the blocks of <paramref name="length"/> bytes from <paramref name="offset"/> (they read as zeros after), keeping the
    /// file's length. Returns false where that is not supported (not Linux, or a file system without hole punching).
    /// </summary>
    public static bool PunchHole(SafeFileHandle handle, long offset, long length) =>
        OperatingSystem.IsLinux() && fallocate((int)handle.DangerousGetHandle(), PunchHoleKeepSize, offset, length) == 0;

    /// <summary>Makes the entries of <paramref name="directory"/> (files created or removed in it) durable.</summary>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = open(directory, ReadOnlyDirectory);
        if (fd < 0)
        {
            throw new IOException($"Could not open the directory {directory} to flush it: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}.");
        }

        try
        {
            if (fsync(fd) != 0)
            {
                throw new IOException($"Could not flush the directory {directory}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}.");
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fallocate(int fd, int mode, long offset, long length);
}
