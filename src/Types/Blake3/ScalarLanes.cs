using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>One lane of plain 32-bit words: the portable path.</summary>
internal readonly unsafe struct ScalarLanes : IBlake3Lanes<uint>
{
    /// <inheritdoc />
    public static int Degree => 1;

    /// <inheritdoc />
    public static bool IsSupported => true;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Broadcast(uint value) => value;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Load(ref uint first) => first;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint a, uint b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Xor(uint a, uint b) => a ^ b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Ror16(uint a) => BitOperations.RotateRight(a, 16);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Ror12(uint a) => BitOperations.RotateRight(a, 12);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Ror8(uint a) => BitOperations.RotateRight(a, 8);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Ror7(uint a) => BitOperations.RotateRight(a, 7);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadMessage(byte* block, nint stride, ref Vec16<uint> message) =>
        LoadWords(ref *block, ref message);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreChainingValues(ref Vec16<uint> cv, byte* output)
    {
        for (int i = 0; i < 8; i++)
        {
            Unsafe.WriteUnaligned(output + (4 * i), ToLittleEndian(cv[i]));
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOutputBlocks(ref Vec16<uint> words, byte* output)
    {
        for (int i = 0; i < 16; i++)
        {
            Unsafe.WriteUnaligned(output + (4 * i), ToLittleEndian(words[i]));
        }
    }

    /// <summary>Reads the 16 little-endian words of a 64-byte block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadWords(ref byte block, ref Vec16<uint> words)
    {
        for (int i = 0; i < 16; i++)
        {
            words[i] = ToLittleEndian(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 4 * i)));
        }
    }

    /// <summary>Converts between host order and little-endian (a no-op on little-endian hosts).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ToLittleEndian(uint value) =>
        BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
}
