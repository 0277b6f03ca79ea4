using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// The fast compressor's position table, specialised per layout by the JIT (struct type
/// parameter). Both layouts occupy <see cref="LZ4FastEncoder.TableBytes"/> bytes, like liblz4's
/// default <c>LZ4_MEMORY_USAGE = 14</c>.
/// </summary>
internal unsafe interface IHashTable
{
    /// <summary>True when a stored position can be more than 65535 bytes behind the current one.</summary>
    static abstract bool NeedsDistanceCheck { get; }

    /// <summary>Hash of the sequence at <paramref name="p"/>.</summary>
    static abstract nuint Hash(byte* p);

    /// <summary>Stored position for <paramref name="h"/>.</summary>
    static abstract uint Get(byte* table, nuint h);

    /// <summary>Stores <paramref name="position"/> for <paramref name="h"/>.</summary>
    static abstract void Put(byte* table, nuint h, uint position);
}

/// <summary>
/// Inputs under 64 KiB: 8192 16-bit positions, multiplicative hash of 4 bytes (Knuth's
/// 2654435761). Every position fits 16 bits and is within the 64 KiB window.
/// </summary>
internal readonly unsafe struct SmallHashTable : IHashTable
{
    internal const int HashLog = 13;

    public static bool NeedsDistanceCheck => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint Hash(byte* p) => (LZ4Primitives.Read32(p) * 2654435761U) >> (32 - HashLog);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Get(byte* table, nuint h) => ((ushort*)table)[h];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put(byte* table, nuint h, uint position) => ((ushort*)table)[h] = (ushort)position;
}

/// <summary>
/// Larger inputs and linked blocks: 4096 32-bit positions, multiplicative hash of 5 bytes
/// (the low 40 bits of a 64-bit load times 889523592379).
/// </summary>
internal readonly unsafe struct LargeHashTable : IHashTable
{
    internal const int HashLog = 12;

    public static bool NeedsDistanceCheck => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint Hash(byte* p) => (nuint)(((LZ4Primitives.Read64(p) << 24) * 889523592379UL) >> (64 - HashLog));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Get(byte* table, nuint h) => ((uint*)table)[h];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Put(byte* table, nuint h, uint position) => ((uint*)table)[h] = position;
}
