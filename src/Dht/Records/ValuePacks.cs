using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Zhtp.Storage.Dht.Wire;

namespace Zhtp.Storage.Dht.Records;

// Implementation notes
// Large values are appended to pack files (packs/<id as 16 hex digits>.pack), each value at a 4 KiB
// boundary, and never rewritten. A batch's values are staged by Append, written by Flush with one
// vectored write per pack (values and the zero padding between them) and one fsync per pack, before
// the SQLite commit of the rows that name them: a committed row never names bytes that could be lost,
// and a batch costs one data write and one flush however many values it holds (a file per value cost
// a create, an fsync and a directory fsync each, which on this project's machines, ext4 without a
// journal, was more CPU than SQLite's double write). A new pack's directory entry is fsynced with the
// pack's first batch. Packs roll over at a limit (256 MiB by default).
// Space: when the row of a value is removed (replaced, deleted or expired), after that commit, the
// value's blocks are freed by punching a hole in the pack (Linux fallocate PUNCH_HOLE; the pack's length
// stays) and, when no committed row names the pack any more and it is not the pack being appended to,
// the pack file is deleted. Elsewhere (no hole punching) the space comes back when the pack empties.
// Crash: a batch whose commit did not happen leaves unnamed bytes at the end of the pack it was
// appended to; at open every pack is cut back to the end of its last named value, and packs no row
// names are deleted. Appends after a reopen go to a new pack.
// Threads: the store calls Append/Flush/Commit/Rollback/Release under its write lock, and Release
// and Read under its read lock as well, so a value's blocks are never freed while a read is in progress
// and a read that starts after the release no longer finds the row.

/// <summary>The pack files that hold a <see cref="SqliteRecordStore"/>'s large values.</summary>
internal sealed class ValuePacks : IDisposable
{
    /// <summary>By default a pack takes values until it reaches this size; the next value starts a new pack.</summary>
    public const long DefaultPackLimit = 256L << 20;

    /// <summary>Values start at multiples of this, so a removed value's blocks can be freed whole.</summary>
    public const int Alignment = 4096;

    private const string Extension = ".pack";
    private static readonly ReadOnlyMemory<byte> Padding = new byte[Alignment];

    private readonly string _directory;
    private readonly long _packLimit;
    private readonly Dictionary<long, long> _live = [];
    private readonly Dictionary<long, SafeFileHandle> _handles = [];
    private readonly Lock _handlesLock = new();
    private readonly List<(PackedValue Place, ReadOnlyMemory<byte> Value)> _staged = [];
    private long _active;
    private long _activeEnd;
    private bool _activeIsNew;

    /// <summary>
    /// Opens the packs in <paramref name="directory"/>; <paramref name="named"/> holds, per pack, the values committed rows
    /// name and the end of the last. Packs roll over at <paramref name="packLimit"/> bytes.
    /// </summary>
    public ValuePacks(string directory, IReadOnlyDictionary<long, (long Values, long End)> named, long packLimit = DefaultPackLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packLimit, Alignment);
        _directory = directory;
        _packLimit = packLimit;
        Directory.CreateDirectory(directory);
        long newest = 0;
        foreach (string path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long id))
            {
                continue;
            }

            newest = Math.Max(newest, id);
            if (!named.TryGetValue(id, out (long Values, long End) use) || use.Values == 0)
            {
                File.Delete(path);
                continue;
            }

            _live[id] = use.Values;
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            if (RandomAccess.GetLength(handle) > use.End)
            {
                RandomAccess.SetLength(handle, use.End); // bytes of a batch that never committed
            }
        }

        _active = newest;
        _activeEnd = packLimit; // the first append opens a new pack
    }

    /// <summary>Packs on disk (for tests and diagnostics).</summary>
    internal int PackCount => Directory.GetFiles(_directory, "*" + Extension).Length;

    /// <summary>Places <paramref name="value"/> at the end of the pack being appended to and stages it for <see cref="Flush"/>; the memory must stay unchanged until then.</summary>
    public PackedValue Append(ReadOnlyMemory<byte> value)
    {
        long padded = Align(value.Length);
        if (_activeEnd > 0 && _activeEnd + padded > _packLimit)
        {
            _active++;
            _activeEnd = 0;
            _activeIsNew = true;
            _live[_active] = 0;
        }

        var place = new PackedValue(_active, _activeEnd, value.Length);
        _staged.Add((place, value));
        _activeEnd += padded;
        return place;
    }

    /// <summary>Writes the staged values and fsyncs every pack they went to (and the directory for a new pack).</summary>
    /// <exception cref="IOException">A write or flush failed: the batch must not commit (call <see cref="Rollback"/>).</exception>
    public void Flush()
    {
        int start = 0;
        while (start < _staged.Count)
        {
            long pack = _staged[start].Place.Pack;
            int end = start;
            var buffers = new List<ReadOnlyMemory<byte>>();
            long next = _staged[start].Place.Offset;
            for (; end < _staged.Count && _staged[end].Place.Pack == pack; end++)
            {
                (PackedValue place, ReadOnlyMemory<byte> value) = _staged[end];
                if (place.Offset > next)
                {
                    buffers.Add(Padding[..(int)(place.Offset - next)]);
                }

                buffers.Add(value);
                next = place.Offset + value.Length;
            }

            SafeFileHandle handle = Handle(pack, create: true);
            RandomAccess.Write(handle, buffers, _staged[start].Place.Offset);
            RandomAccess.FlushToDisk(handle);
            start = end;
        }

        if (_activeIsNew && _staged.Count > 0)
        {
            FileSync.SyncDirectory(_directory);
        }
    }

    /// <summary>The batch committed: its values are now named by rows.</summary>
    public void Commit()
    {
        foreach ((PackedValue place, _) in _staged)
        {
            _live[place.Pack] = _live.GetValueOrDefault(place.Pack) + 1;
        }

        _staged.Clear();
        _activeIsNew = false;
    }

    /// <summary>
    /// The batch did not commit: its places in the pack being appended to are given back (the next batch overwrites
    /// them); those in a pack it rolled away from stay unnamed until that pack is deleted. Nothing after <see cref="Commit"/>.
    /// </summary>
    public void Rollback()
    {
        foreach ((PackedValue place, _) in _staged)
        {
            if (place.Pack == _active)
            {
                _activeEnd = place.Offset; // everything after the batch's first value in this pack is the batch's
                break;
            }
        }

        _staged.Clear();
    }

    /// <summary>Frees the blocks of a value whose row a committed transaction removed, and deletes its pack once no row names the pack.</summary>
    public void Release(PackedValue value)
    {
        long left = _live.GetValueOrDefault(value.Pack) - 1;
        if (left <= 0 && value.Pack != _active)
        {
            _live.Remove(value.Pack);
            lock (_handlesLock)
            {
                if (_handles.Remove(value.Pack, out SafeFileHandle? handle))
                {
                    handle.Dispose();
                }

                File.Delete(PackPath(value.Pack));
            }

            return;
        }

        _live[value.Pack] = Math.Max(0, left);
        FileSync.PunchHole(Handle(value.Pack, create: false), value.Offset, Align(value.Length));
    }

    /// <summary>Reads a value into a new array.</summary>
    public byte[] Read(PackedValue value)
    {
        byte[] array = new byte[value.Length];
        ReadInto(value, array);
        return array;
    }

    /// <summary>Reads a value into an array rented from the frame pool.</summary>
    public PooledFrame ReadPooled(PackedValue value)
    {
        byte[] array = FramePool.Instance.Rent(value.Length);
        try
        {
            ReadInto(value, array);
            return new PooledFrame(array, value.Length, rented: true);
        }
        catch
        {
            FramePool.Instance.Return(array);
            throw;
        }
    }

    public void Dispose()
    {
        lock (_handlesLock)
        {
            foreach (SafeFileHandle handle in _handles.Values)
            {
                handle.Dispose();
            }

            _handles.Clear();
        }
    }

    private void ReadInto(PackedValue value, byte[] array)
    {
        SafeFileHandle handle = Handle(value.Pack, create: false);
        int read = 0;
        while (read < value.Length)
        {
            int n = RandomAccess.Read(handle, array.AsSpan(read, value.Length - read), value.Offset + read);
            if (n == 0)
            {
                throw new IOException($"The pack {PackPath(value.Pack)} ended after {value.Offset + read:N0} bytes, inside a value of {value.Length:N0} bytes at {value.Offset:N0}.");
            }

            read += n;
        }
    }

    private SafeFileHandle Handle(long pack, bool create)
    {
        lock (_handlesLock)
        {
            if (!_handles.TryGetValue(pack, out SafeFileHandle? handle))
            {
                handle = File.OpenHandle(PackPath(pack), create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                _handles[pack] = handle;
            }

            return handle;
        }
    }

    private string PackPath(long pack) => Path.Combine(_directory, pack.ToString("x16", CultureInfo.InvariantCulture) + Extension);

    private static long Align(long length) => (length + Alignment - 1) / Alignment * Alignment;
}
