using System.Runtime.Intrinsics;

namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>The memory members every path of one vector width shares (unaligned load/store, streaming store).</summary>
/// <typeparam name="TInput">The path's prepared input.</typeparam>
/// <typeparam name="TTable">The path's table type.</typeparam>
internal unsafe interface IVector128Width<TInput, TTable> : IGaloisVectorOps<Vector128<byte>, TInput, TTable>
    where TInput : struct
    where TTable : struct
{
    static int IGaloisVectorOps<Vector128<byte>, TInput, TTable>.Size => 16;

    static Vector128<byte> IGaloisVectorOps<Vector128<byte>, TInput, TTable>.Load(byte* source) => Vector128.Load(source);

    static void IGaloisVectorOps<Vector128<byte>, TInput, TTable>.Store(byte* destination, Vector128<byte> value) => value.Store(destination);

    static void IGaloisVectorOps<Vector128<byte>, TInput, TTable>.StoreNonTemporal(byte* destination, Vector128<byte> value) => value.StoreAlignedNonTemporal(destination);
}

/// <summary>The memory members every path of one vector width shares (unaligned load/store, streaming store).</summary>
/// <typeparam name="TInput">The path's prepared input.</typeparam>
/// <typeparam name="TTable">The path's table type.</typeparam>
internal unsafe interface IVector256Width<TInput, TTable> : IGaloisVectorOps<Vector256<byte>, TInput, TTable>
    where TInput : struct
    where TTable : struct
{
    static int IGaloisVectorOps<Vector256<byte>, TInput, TTable>.Size => 32;

    static Vector256<byte> IGaloisVectorOps<Vector256<byte>, TInput, TTable>.Load(byte* source) => Vector256.Load(source);

    static void IGaloisVectorOps<Vector256<byte>, TInput, TTable>.Store(byte* destination, Vector256<byte> value) => value.Store(destination);

    static void IGaloisVectorOps<Vector256<byte>, TInput, TTable>.StoreNonTemporal(byte* destination, Vector256<byte> value) => value.StoreAlignedNonTemporal(destination);
}

/// <summary>The memory members every path of one vector width shares (unaligned load/store, streaming store).</summary>
/// <typeparam name="TInput">The path's prepared input.</typeparam>
/// <typeparam name="TTable">The path's table type.</typeparam>
internal unsafe interface IVector512Width<TInput, TTable> : IGaloisVectorOps<Vector512<byte>, TInput, TTable>
    where TInput : struct
    where TTable : struct
{
    static int IGaloisVectorOps<Vector512<byte>, TInput, TTable>.Size => 64;

    static Vector512<byte> IGaloisVectorOps<Vector512<byte>, TInput, TTable>.Load(byte* source) => Vector512.Load(source);

    static void IGaloisVectorOps<Vector512<byte>, TInput, TTable>.Store(byte* destination, Vector512<byte> value) => value.Store(destination);

    static void IGaloisVectorOps<Vector512<byte>, TInput, TTable>.StoreNonTemporal(byte* destination, Vector512<byte> value) => value.StoreAlignedNonTemporal(destination);
}
