using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Blake3;

// Implementation notes: the seven rounds of the BLAKE3 compression function (as
// specified in the BLAKE3 paper). Each round applies the quarter-round G to the four columns and then to the four
// diagonals of the 4×4 state; G on (a, b, c, d) with message words (x, y) is
//   a += x + b; d = (d ^ a) >>> 16; c += d; b = (b ^ c) >>> 12;
//   a += y + b; d = (d ^ a) >>>  8; c += d; b = (b ^ c) >>>  7,
// adding the message word first: b is the last input to become ready, so it gets one add.
// Instead of permuting the message between rounds, the word indices below are the permutation
// (2,6,3,10,7,0,4,13,1,11,12,5,9,14,15,8) applied r times, so no permutation runs at run time.
// G is written out (generated text, not a helper) because the JIT's inlining budget would
// otherwise leave calls in this method; the four independent G of a half-round are interleaved
// step by step, which spills less with 16 vector registers (AVX2 without AVX-512: about 18 %
// faster than one G after another). The same text serves the scalar path (TVec = uint) and
// every SIMD path (one input per lane). The method is kept out of line (it is big and runs once
// per block) and compiled fully optimised at once, with no tier-0 pass. The message words are read
// from memory as operands, which leaves the registers to the sixteen state words. The generic
// parameter is named L to keep the generated lines short.

/// <summary>The BLAKE3 round function, generic over the lane type.</summary>
internal static class Blake3Rounds
{
    /// <summary>
    /// Compresses one block per lane. On entry <c>cv[0..7]</c> is the input chaining value; on
    /// return <c>cv[0..7]</c> is the output chaining value (state words i xor i+8) and
    /// <c>cv[8..15]</c> the second half of the extended output (state word i+8 xor input word i).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Compress<L, TVec>(ref Vec16<TVec> cv, ref Vec16<TVec> message, TVec counterLow, TVec counterHigh, TVec blockLen, TVec flags)
        where L : struct, IBlake3Lanes<TVec>
        where TVec : struct
    {
        TVec v0 = cv[0];
        TVec v1 = cv[1];
        TVec v2 = cv[2];
        TVec v3 = cv[3];
        TVec v4 = cv[4];
        TVec v5 = cv[5];
        TVec v6 = cv[6];
        TVec v7 = cv[7];
        TVec v8 = L.Broadcast(Blake3Constants.IV0);
        TVec v9 = L.Broadcast(Blake3Constants.IV1);
        TVec v10 = L.Broadcast(Blake3Constants.IV2);
        TVec v11 = L.Broadcast(Blake3Constants.IV3);
        TVec v12 = counterLow;
        TVec v13 = counterHigh;
        TVec v14 = blockLen;
        TVec v15 = flags;

        // Round 1: columns, then diagonals.
        v0 = L.Add(L.Add(v0, message[0]), v4); v1 = L.Add(L.Add(v1, message[2]), v5); v2 = L.Add(L.Add(v2, message[4]), v6); v3 = L.Add(L.Add(v3, message[6]), v7);
        v12 = L.Ror16(L.Xor(v12, v0)); v13 = L.Ror16(L.Xor(v13, v1)); v14 = L.Ror16(L.Xor(v14, v2)); v15 = L.Ror16(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror12(L.Xor(v4, v8)); v5 = L.Ror12(L.Xor(v5, v9)); v6 = L.Ror12(L.Xor(v6, v10)); v7 = L.Ror12(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[1]), v4); v1 = L.Add(L.Add(v1, message[3]), v5); v2 = L.Add(L.Add(v2, message[5]), v6); v3 = L.Add(L.Add(v3, message[7]), v7);
        v12 = L.Ror8(L.Xor(v12, v0)); v13 = L.Ror8(L.Xor(v13, v1)); v14 = L.Ror8(L.Xor(v14, v2)); v15 = L.Ror8(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror7(L.Xor(v4, v8)); v5 = L.Ror7(L.Xor(v5, v9)); v6 = L.Ror7(L.Xor(v6, v10)); v7 = L.Ror7(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[8]), v5); v1 = L.Add(L.Add(v1, message[10]), v6); v2 = L.Add(L.Add(v2, message[12]), v7); v3 = L.Add(L.Add(v3, message[14]), v4);
        v15 = L.Ror16(L.Xor(v15, v0)); v12 = L.Ror16(L.Xor(v12, v1)); v13 = L.Ror16(L.Xor(v13, v2)); v14 = L.Ror16(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror12(L.Xor(v5, v10)); v6 = L.Ror12(L.Xor(v6, v11)); v7 = L.Ror12(L.Xor(v7, v8)); v4 = L.Ror12(L.Xor(v4, v9));
        v0 = L.Add(L.Add(v0, message[9]), v5); v1 = L.Add(L.Add(v1, message[11]), v6); v2 = L.Add(L.Add(v2, message[13]), v7); v3 = L.Add(L.Add(v3, message[15]), v4);
        v15 = L.Ror8(L.Xor(v15, v0)); v12 = L.Ror8(L.Xor(v12, v1)); v13 = L.Ror8(L.Xor(v13, v2)); v14 = L.Ror8(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror7(L.Xor(v5, v10)); v6 = L.Ror7(L.Xor(v6, v11)); v7 = L.Ror7(L.Xor(v7, v8)); v4 = L.Ror7(L.Xor(v4, v9));
        // Round 2: columns, then diagonals.
        v0 = L.Add(L.Add(v0, message[2]), v4); v1 = L.Add(L.Add(v1, message[3]), v5); v2 = L.Add(L.Add(v2, message[7]), v6); v3 = L.Add(L.Add(v3, message[4]), v7);
        v12 = L.Ror16(L.Xor(v12, v0)); v13 = L.Ror16(L.Xor(v13, v1)); v14 = L.Ror16(L.Xor(v14, v2)); v15 = L.Ror16(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror12(L.Xor(v4, v8)); v5 = L.Ror12(L.Xor(v5, v9)); v6 = L.Ror12(L.Xor(v6, v10)); v7 = L.Ror12(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[6]), v4); v1 = L.Add(L.Add(v1, message[10]), v5); v2 = L.Add(L.Add(v2, message[0]), v6); v3 = L.Add(L.Add(v3, message[13]), v7);
        v12 = L.Ror8(L.Xor(v12, v0)); v13 = L.Ror8(L.Xor(v13, v1)); v14 = L.Ror8(L.Xor(v14, v2)); v15 = L.Ror8(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror7(L.Xor(v4, v8)); v5 = L.Ror7(L.Xor(v5, v9)); v6 = L.Ror7(L.Xor(v6, v10)); v7 = L.Ror7(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[1]), v5); v1 = L.Add(L.Add(v1, message[12]), v6); v2 = L.Add(L.Add(v2, message[9]), v7); v3 = L.Add(L.Add(v3, message[15]), v4);
        v15 = L.Ror16(L.Xor(v15, v0)); v12 = L.Ror16(L.Xor(v12, v1)); v13 = L.Ror16(L.Xor(v13, v2)); v14 = L.Ror16(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror12(L.Xor(v5, v10)); v6 = L.Ror12(L.Xor(v6, v11)); v7 = L.Ror12(L.Xor(v7, v8)); v4 = L.Ror12(L.Xor(v4, v9));
        v0 = L.Add(L.Add(v0, message[11]), v5); v1 = L.Add(L.Add(v1, message[5]), v6); v2 = L.Add(L.Add(v2, message[14]), v7); v3 = L.Add(L.Add(v3, message[8]), v4);
        v15 = L.Ror8(L.Xor(v15, v0)); v12 = L.Ror8(L.Xor(v12, v1)); v13 = L.Ror8(L.Xor(v13, v2)); v14 = L.Ror8(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror7(L.Xor(v5, v10)); v6 = L.Ror7(L.Xor(v6, v11)); v7 = L.Ror7(L.Xor(v7, v8)); v4 = L.Ror7(L.Xor(v4, v9));
        // Round 3: columns, then diagonals.
        v0 = L.Add(L.Add(v0, message[3]), v4); v1 = L.Add(L.Add(v1, message[10]), v5); v2 = L.Add(L.Add(v2, message[13]), v6); v3 = L.Add(L.Add(v3, message[7]), v7);
        v12 = L.Ror16(L.Xor(v12, v0)); v13 = L.Ror16(L.Xor(v13, v1)); v14 = L.Ror16(L.Xor(v14, v2)); v15 = L.Ror16(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror12(L.Xor(v4, v8)); v5 = L.Ror12(L.Xor(v5, v9)); v6 = L.Ror12(L.Xor(v6, v10)); v7 = L.Ror12(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[4]), v4); v1 = L.Add(L.Add(v1, message[12]), v5); v2 = L.Add(L.Add(v2, message[2]), v6); v3 = L.Add(L.Add(v3, message[14]), v7);
        v12 = L.Ror8(L.Xor(v12, v0)); v13 = L.Ror8(L.Xor(v13, v1)); v14 = L.Ror8(L.Xor(v14, v2)); v15 = L.Ror8(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror7(L.Xor(v4, v8)); v5 = L.Ror7(L.Xor(v5, v9)); v6 = L.Ror7(L.Xor(v6, v10)); v7 = L.Ror7(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[6]), v5); v1 = L.Add(L.Add(v1, message[9]), v6); v2 = L.Add(L.Add(v2, message[11]), v7); v3 = L.Add(L.Add(v3, message[8]), v4);
        v15 = L.Ror16(L.Xor(v15, v0)); v12 = L.Ror16(L.Xor(v12, v1)); v13 = L.Ror16(L.Xor(v13, v2)); v14 = L.Ror16(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror12(L.Xor(v5, v10)); v6 = L.Ror12(L.Xor(v6, v11)); v7 = L.Ror12(L.Xor(v7, v8)); v4 = L.Ror12(L.Xor(v4, v9));
        v0 = L.Add(L.Add(v0, message[5]), v5); v1 = L.Add(L.Add(v1, message[0]), v6); v2 = L.Add(L.Add(v2, message[15]), v7); v3 = L.Add(L.Add(v3, message[1]), v4);
        v15 = L.Ror8(L.Xor(v15, v0)); v12 = L.Ror8(L.Xor(v12, v1)); v13 = L.Ror8(L.Xor(v13, v2)); v14 = L.Ror8(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror7(L.Xor(v5, v10)); v6 = L.Ror7(L.Xor(v6, v11)); v7 = L.Ror7(L.Xor(v7, v8)); v4 = L.Ror7(L.Xor(v4, v9));
        // Round 4: columns, then diagonals.
        v0 = L.Add(L.Add(v0, message[10]), v4); v1 = L.Add(L.Add(v1, message[12]), v5); v2 = L.Add(L.Add(v2, message[14]), v6); v3 = L.Add(L.Add(v3, message[13]), v7);
        v12 = L.Ror16(L.Xor(v12, v0)); v13 = L.Ror16(L.Xor(v13, v1)); v14 = L.Ror16(L.Xor(v14, v2)); v15 = L.Ror16(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror12(L.Xor(v4, v8)); v5 = L.Ror12(L.Xor(v5, v9)); v6 = L.Ror12(L.Xor(v6, v10)); v7 = L.Ror12(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[7]), v4); v1 = L.Add(L.Add(v1, message[9]), v5); v2 = L.Add(L.Add(v2, message[3]), v6); v3 = L.Add(L.Add(v3, message[15]), v7);
        v12 = L.Ror8(L.Xor(v12, v0)); v13 = L.Ror8(L.Xor(v13, v1)); v14 = L.Ror8(L.Xor(v14, v2)); v15 = L.Ror8(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror7(L.Xor(v4, v8)); v5 = L.Ror7(L.Xor(v5, v9)); v6 = L.Ror7(L.Xor(v6, v10)); v7 = L.Ror7(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[4]), v5); v1 = L.Add(L.Add(v1, message[11]), v6); v2 = L.Add(L.Add(v2, message[5]), v7); v3 = L.Add(L.Add(v3, message[1]), v4);
        v15 = L.Ror16(L.Xor(v15, v0)); v12 = L.Ror16(L.Xor(v12, v1)); v13 = L.Ror16(L.Xor(v13, v2)); v14 = L.Ror16(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror12(L.Xor(v5, v10)); v6 = L.Ror12(L.Xor(v6, v11)); v7 = L.Ror12(L.Xor(v7, v8)); v4 = L.Ror12(L.Xor(v4, v9));
        v0 = L.Add(L.Add(v0, message[0]), v5); v1 = L.Add(L.Add(v1, message[2]), v6); v2 = L.Add(L.Add(v2, message[8]), v7); v3 = L.Add(L.Add(v3, message[6]), v4);
        v15 = L.Ror8(L.Xor(v15, v0)); v12 = L.Ror8(L.Xor(v12, v1)); v13 = L.Ror8(L.Xor(v13, v2)); v14 = L.Ror8(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror7(L.Xor(v5, v10)); v6 = L.Ror7(L.Xor(v6, v11)); v7 = L.Ror7(L.Xor(v7, v8)); v4 = L.Ror7(L.Xor(v4, v9));
        // Round 5: columns, then diagonals.
        v0 = L.Add(L.Add(v0, message[12]), v4); v1 = L.Add(L.Add(v1, message[9]), v5); v2 = L.Add(L.Add(v2, message[15]), v6); v3 = L.Add(L.Add(v3, message[14]), v7);
        v12 = L.Ror16(L.Xor(v12, v0)); v13 = L.Ror16(L.Xor(v13, v1)); v14 = L.Ror16(L.Xor(v14, v2)); v15 = L.Ror16(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror12(L.Xor(v4, v8)); v5 = L.Ror12(L.Xor(v5, v9)); v6 = L.Ror12(L.Xor(v6, v10)); v7 = L.Ror12(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[13]), v4); v1 = L.Add(L.Add(v1, message[11]), v5); v2 = L.Add(L.Add(v2, message[10]), v6); v3 = L.Add(L.Add(v3, message[8]), v7);
        v12 = L.Ror8(L.Xor(v12, v0)); v13 = L.Ror8(L.Xor(v13, v1)); v14 = L.Ror8(L.Xor(v14, v2)); v15 = L.Ror8(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror7(L.Xor(v4, v8)); v5 = L.Ror7(L.Xor(v5, v9)); v6 = L.Ror7(L.Xor(v6, v10)); v7 = L.Ror7(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[7]), v5); v1 = L.Add(L.Add(v1, message[5]), v6); v2 = L.Add(L.Add(v2, message[0]), v7); v3 = L.Add(L.Add(v3, message[6]), v4);
        v15 = L.Ror16(L.Xor(v15, v0)); v12 = L.Ror16(L.Xor(v12, v1)); v13 = L.Ror16(L.Xor(v13, v2)); v14 = L.Ror16(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror12(L.Xor(v5, v10)); v6 = L.Ror12(L.Xor(v6, v11)); v7 = L.Ror12(L.Xor(v7, v8)); v4 = L.Ror12(L.Xor(v4, v9));
        v0 = L.Add(L.Add(v0, message[2]), v5); v1 = L.Add(L.Add(v1, message[3]), v6); v2 = L.Add(L.Add(v2, message[1]), v7); v3 = L.Add(L.Add(v3, message[4]), v4);
        v15 = L.Ror8(L.Xor(v15, v0)); v12 = L.Ror8(L.Xor(v12, v1)); v13 = L.Ror8(L.Xor(v13, v2)); v14 = L.Ror8(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror7(L.Xor(v5, v10)); v6 = L.Ror7(L.Xor(v6, v11)); v7 = L.Ror7(L.Xor(v7, v8)); v4 = L.Ror7(L.Xor(v4, v9));
        // Round 6: columns, then diagonals.
        v0 = L.Add(L.Add(v0, message[9]), v4); v1 = L.Add(L.Add(v1, message[11]), v5); v2 = L.Add(L.Add(v2, message[8]), v6); v3 = L.Add(L.Add(v3, message[15]), v7);
        v12 = L.Ror16(L.Xor(v12, v0)); v13 = L.Ror16(L.Xor(v13, v1)); v14 = L.Ror16(L.Xor(v14, v2)); v15 = L.Ror16(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror12(L.Xor(v4, v8)); v5 = L.Ror12(L.Xor(v5, v9)); v6 = L.Ror12(L.Xor(v6, v10)); v7 = L.Ror12(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[14]), v4); v1 = L.Add(L.Add(v1, message[5]), v5); v2 = L.Add(L.Add(v2, message[12]), v6); v3 = L.Add(L.Add(v3, message[1]), v7);
        v12 = L.Ror8(L.Xor(v12, v0)); v13 = L.Ror8(L.Xor(v13, v1)); v14 = L.Ror8(L.Xor(v14, v2)); v15 = L.Ror8(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror7(L.Xor(v4, v8)); v5 = L.Ror7(L.Xor(v5, v9)); v6 = L.Ror7(L.Xor(v6, v10)); v7 = L.Ror7(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[13]), v5); v1 = L.Add(L.Add(v1, message[0]), v6); v2 = L.Add(L.Add(v2, message[2]), v7); v3 = L.Add(L.Add(v3, message[4]), v4);
        v15 = L.Ror16(L.Xor(v15, v0)); v12 = L.Ror16(L.Xor(v12, v1)); v13 = L.Ror16(L.Xor(v13, v2)); v14 = L.Ror16(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror12(L.Xor(v5, v10)); v6 = L.Ror12(L.Xor(v6, v11)); v7 = L.Ror12(L.Xor(v7, v8)); v4 = L.Ror12(L.Xor(v4, v9));
        v0 = L.Add(L.Add(v0, message[3]), v5); v1 = L.Add(L.Add(v1, message[10]), v6); v2 = L.Add(L.Add(v2, message[6]), v7); v3 = L.Add(L.Add(v3, message[7]), v4);
        v15 = L.Ror8(L.Xor(v15, v0)); v12 = L.Ror8(L.Xor(v12, v1)); v13 = L.Ror8(L.Xor(v13, v2)); v14 = L.Ror8(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror7(L.Xor(v5, v10)); v6 = L.Ror7(L.Xor(v6, v11)); v7 = L.Ror7(L.Xor(v7, v8)); v4 = L.Ror7(L.Xor(v4, v9));
        // Round 7: columns, then diagonals.
        v0 = L.Add(L.Add(v0, message[11]), v4); v1 = L.Add(L.Add(v1, message[5]), v5); v2 = L.Add(L.Add(v2, message[1]), v6); v3 = L.Add(L.Add(v3, message[8]), v7);
        v12 = L.Ror16(L.Xor(v12, v0)); v13 = L.Ror16(L.Xor(v13, v1)); v14 = L.Ror16(L.Xor(v14, v2)); v15 = L.Ror16(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror12(L.Xor(v4, v8)); v5 = L.Ror12(L.Xor(v5, v9)); v6 = L.Ror12(L.Xor(v6, v10)); v7 = L.Ror12(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[15]), v4); v1 = L.Add(L.Add(v1, message[0]), v5); v2 = L.Add(L.Add(v2, message[9]), v6); v3 = L.Add(L.Add(v3, message[6]), v7);
        v12 = L.Ror8(L.Xor(v12, v0)); v13 = L.Ror8(L.Xor(v13, v1)); v14 = L.Ror8(L.Xor(v14, v2)); v15 = L.Ror8(L.Xor(v15, v3));
        v8 = L.Add(v8, v12); v9 = L.Add(v9, v13); v10 = L.Add(v10, v14); v11 = L.Add(v11, v15);
        v4 = L.Ror7(L.Xor(v4, v8)); v5 = L.Ror7(L.Xor(v5, v9)); v6 = L.Ror7(L.Xor(v6, v10)); v7 = L.Ror7(L.Xor(v7, v11));
        v0 = L.Add(L.Add(v0, message[14]), v5); v1 = L.Add(L.Add(v1, message[2]), v6); v2 = L.Add(L.Add(v2, message[3]), v7); v3 = L.Add(L.Add(v3, message[7]), v4);
        v15 = L.Ror16(L.Xor(v15, v0)); v12 = L.Ror16(L.Xor(v12, v1)); v13 = L.Ror16(L.Xor(v13, v2)); v14 = L.Ror16(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror12(L.Xor(v5, v10)); v6 = L.Ror12(L.Xor(v6, v11)); v7 = L.Ror12(L.Xor(v7, v8)); v4 = L.Ror12(L.Xor(v4, v9));
        v0 = L.Add(L.Add(v0, message[10]), v5); v1 = L.Add(L.Add(v1, message[12]), v6); v2 = L.Add(L.Add(v2, message[4]), v7); v3 = L.Add(L.Add(v3, message[13]), v4);
        v15 = L.Ror8(L.Xor(v15, v0)); v12 = L.Ror8(L.Xor(v12, v1)); v13 = L.Ror8(L.Xor(v13, v2)); v14 = L.Ror8(L.Xor(v14, v3));
        v10 = L.Add(v10, v15); v11 = L.Add(v11, v12); v8 = L.Add(v8, v13); v9 = L.Add(v9, v14);
        v5 = L.Ror7(L.Xor(v5, v10)); v6 = L.Ror7(L.Xor(v6, v11)); v7 = L.Ror7(L.Xor(v7, v8)); v4 = L.Ror7(L.Xor(v4, v9));

        cv[8] = L.Xor(v8, cv[0]);
        cv[0] = L.Xor(v0, v8);
        cv[9] = L.Xor(v9, cv[1]);
        cv[1] = L.Xor(v1, v9);
        cv[10] = L.Xor(v10, cv[2]);
        cv[2] = L.Xor(v2, v10);
        cv[11] = L.Xor(v11, cv[3]);
        cv[3] = L.Xor(v3, v11);
        cv[12] = L.Xor(v12, cv[4]);
        cv[4] = L.Xor(v4, v12);
        cv[13] = L.Xor(v13, cv[5]);
        cv[5] = L.Xor(v5, v13);
        cv[14] = L.Xor(v14, cv[6]);
        cv[6] = L.Xor(v6, v14);
        cv[15] = L.Xor(v15, cv[7]);
        cv[7] = L.Xor(v7, v15);
    }
}
