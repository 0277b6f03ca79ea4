namespace Zhtp.Storage.Types.Blake3;

/// <summary>
/// The word operations of the compression function over <typeparamref name="TVec"/>, which holds
/// one 32-bit word per lane; lane <c>i</c> works on input <c>i</c>. Implementations are empty
/// structs so that the generic kernel is specialised and inlined per lane type by the JIT.
/// </summary>
/// <typeparam name="TVec">The word type: <see cref="uint"/> (one lane) or a SIMD vector of words.</typeparam>
internal unsafe interface IBlake3Lanes<TVec>
    where TVec : struct
{
    /// <summary>The number of inputs compressed at once.</summary>
    static abstract int Degree { get; }

    /// <summary>Whether the current CPU runs this lane type in hardware.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>The same word in every lane.</summary>
    static abstract TVec Broadcast(uint value);

    /// <summary>Loads <see cref="Degree"/> consecutive words, one per lane.</summary>
    static abstract TVec Load(ref uint first);

    /// <summary>Lane-wise wrapping addition.</summary>
    static abstract TVec Add(TVec a, TVec b);

    /// <summary>Lane-wise exclusive or.</summary>
    static abstract TVec Xor(TVec a, TVec b);

    /// <summary>Lane-wise rotation right by 16.</summary>
    static abstract TVec Ror16(TVec a);

    /// <summary>Lane-wise rotation right by 12.</summary>
    static abstract TVec Ror12(TVec a);

    /// <summary>Lane-wise rotation right by 8.</summary>
    static abstract TVec Ror8(TVec a);

    /// <summary>Lane-wise rotation right by 7.</summary>
    static abstract TVec Ror7(TVec a);

    /// <summary>
    /// Loads one 64-byte block per lane, transposed: <c>message[w]</c> lane <c>i</c> is word
    /// <c>w</c> of the block at <c>block + i * stride</c>.
    /// </summary>
    static abstract void LoadMessage(byte* block, nint stride, ref Vec16<TVec> message);

    /// <summary>Stores the chaining values <c>cv[0..7]</c>: lane <c>i</c> goes to <c>output + 32 * i</c>.</summary>
    static abstract void StoreChainingValues(ref Vec16<TVec> cv, byte* output);

    /// <summary>Stores sixteen words per lane (an extended-output block): lane <c>i</c> goes to <c>output + 64 * i</c>. <paramref name="words"/> is scratch afterwards.</summary>
    static abstract void StoreOutputBlocks(ref Vec16<TVec> words, byte* output);
}
