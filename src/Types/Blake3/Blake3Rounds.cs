using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Blake3;

// Implementation notes: the seven rounds of the BLAKE3 compression function (specification
// §2.2): each round applies G to the four columns and then to the four diagonals of the 4×4
// state. Instead of permuting the message between rounds, the word indices below are the
// permutation (2,6,3,10,7,0,4,13,1,11,12,5,9,14,15,8) applied r times, written out, so every
// message word is a register and no permutation is executed at run time. The same text serves
// the scalar path (TVec = uint) and every SIMD path (one input per lane).

/// <summary>The BLAKE3 round function, generic over the lane type.</summary>
internal static class Blake3Rounds
{
    /// <summary>Runs the seven rounds on <paramref name="state"/> with <paramref name="message"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Permute<TLanes, TVec>(ref Vec16<TVec> state, ref Vec16<TVec> message)
        where TLanes : struct, IBlake3Lanes<TVec>
        where TVec : struct
    {
        TVec v0 = state[0];
        TVec v1 = state[1];
        TVec v2 = state[2];
        TVec v3 = state[3];
        TVec v4 = state[4];
        TVec v5 = state[5];
        TVec v6 = state[6];
        TVec v7 = state[7];
        TVec v8 = state[8];
        TVec v9 = state[9];
        TVec v10 = state[10];
        TVec v11 = state[11];
        TVec v12 = state[12];
        TVec v13 = state[13];
        TVec v14 = state[14];
        TVec v15 = state[15];
        TVec m0 = message[0];
        TVec m1 = message[1];
        TVec m2 = message[2];
        TVec m3 = message[3];
        TVec m4 = message[4];
        TVec m5 = message[5];
        TVec m6 = message[6];
        TVec m7 = message[7];
        TVec m8 = message[8];
        TVec m9 = message[9];
        TVec m10 = message[10];
        TVec m11 = message[11];
        TVec m12 = message[12];
        TVec m13 = message[13];
        TVec m14 = message[14];
        TVec m15 = message[15];

        // Round 1: columns, then diagonals.
        G<TLanes, TVec>(ref v0, ref v4, ref v8, ref v12, m0, m1);
        G<TLanes, TVec>(ref v1, ref v5, ref v9, ref v13, m2, m3);
        G<TLanes, TVec>(ref v2, ref v6, ref v10, ref v14, m4, m5);
        G<TLanes, TVec>(ref v3, ref v7, ref v11, ref v15, m6, m7);
        G<TLanes, TVec>(ref v0, ref v5, ref v10, ref v15, m8, m9);
        G<TLanes, TVec>(ref v1, ref v6, ref v11, ref v12, m10, m11);
        G<TLanes, TVec>(ref v2, ref v7, ref v8, ref v13, m12, m13);
        G<TLanes, TVec>(ref v3, ref v4, ref v9, ref v14, m14, m15);
        // Round 2: columns, then diagonals.
        G<TLanes, TVec>(ref v0, ref v4, ref v8, ref v12, m2, m6);
        G<TLanes, TVec>(ref v1, ref v5, ref v9, ref v13, m3, m10);
        G<TLanes, TVec>(ref v2, ref v6, ref v10, ref v14, m7, m0);
        G<TLanes, TVec>(ref v3, ref v7, ref v11, ref v15, m4, m13);
        G<TLanes, TVec>(ref v0, ref v5, ref v10, ref v15, m1, m11);
        G<TLanes, TVec>(ref v1, ref v6, ref v11, ref v12, m12, m5);
        G<TLanes, TVec>(ref v2, ref v7, ref v8, ref v13, m9, m14);
        G<TLanes, TVec>(ref v3, ref v4, ref v9, ref v14, m15, m8);
        // Round 3: columns, then diagonals.
        G<TLanes, TVec>(ref v0, ref v4, ref v8, ref v12, m3, m4);
        G<TLanes, TVec>(ref v1, ref v5, ref v9, ref v13, m10, m12);
        G<TLanes, TVec>(ref v2, ref v6, ref v10, ref v14, m13, m2);
        G<TLanes, TVec>(ref v3, ref v7, ref v11, ref v15, m7, m14);
        G<TLanes, TVec>(ref v0, ref v5, ref v10, ref v15, m6, m5);
        G<TLanes, TVec>(ref v1, ref v6, ref v11, ref v12, m9, m0);
        G<TLanes, TVec>(ref v2, ref v7, ref v8, ref v13, m11, m15);
        G<TLanes, TVec>(ref v3, ref v4, ref v9, ref v14, m8, m1);
        // Round 4: columns, then diagonals.
        G<TLanes, TVec>(ref v0, ref v4, ref v8, ref v12, m10, m7);
        G<TLanes, TVec>(ref v1, ref v5, ref v9, ref v13, m12, m9);
        G<TLanes, TVec>(ref v2, ref v6, ref v10, ref v14, m14, m3);
        G<TLanes, TVec>(ref v3, ref v7, ref v11, ref v15, m13, m15);
        G<TLanes, TVec>(ref v0, ref v5, ref v10, ref v15, m4, m0);
        G<TLanes, TVec>(ref v1, ref v6, ref v11, ref v12, m11, m2);
        G<TLanes, TVec>(ref v2, ref v7, ref v8, ref v13, m5, m8);
        G<TLanes, TVec>(ref v3, ref v4, ref v9, ref v14, m1, m6);
        // Round 5: columns, then diagonals.
        G<TLanes, TVec>(ref v0, ref v4, ref v8, ref v12, m12, m13);
        G<TLanes, TVec>(ref v1, ref v5, ref v9, ref v13, m9, m11);
        G<TLanes, TVec>(ref v2, ref v6, ref v10, ref v14, m15, m10);
        G<TLanes, TVec>(ref v3, ref v7, ref v11, ref v15, m14, m8);
        G<TLanes, TVec>(ref v0, ref v5, ref v10, ref v15, m7, m2);
        G<TLanes, TVec>(ref v1, ref v6, ref v11, ref v12, m5, m3);
        G<TLanes, TVec>(ref v2, ref v7, ref v8, ref v13, m0, m1);
        G<TLanes, TVec>(ref v3, ref v4, ref v9, ref v14, m6, m4);
        // Round 6: columns, then diagonals.
        G<TLanes, TVec>(ref v0, ref v4, ref v8, ref v12, m9, m14);
        G<TLanes, TVec>(ref v1, ref v5, ref v9, ref v13, m11, m5);
        G<TLanes, TVec>(ref v2, ref v6, ref v10, ref v14, m8, m12);
        G<TLanes, TVec>(ref v3, ref v7, ref v11, ref v15, m15, m1);
        G<TLanes, TVec>(ref v0, ref v5, ref v10, ref v15, m13, m3);
        G<TLanes, TVec>(ref v1, ref v6, ref v11, ref v12, m0, m10);
        G<TLanes, TVec>(ref v2, ref v7, ref v8, ref v13, m2, m6);
        G<TLanes, TVec>(ref v3, ref v4, ref v9, ref v14, m4, m7);
        // Round 7: columns, then diagonals.
        G<TLanes, TVec>(ref v0, ref v4, ref v8, ref v12, m11, m15);
        G<TLanes, TVec>(ref v1, ref v5, ref v9, ref v13, m5, m0);
        G<TLanes, TVec>(ref v2, ref v6, ref v10, ref v14, m1, m9);
        G<TLanes, TVec>(ref v3, ref v7, ref v11, ref v15, m8, m6);
        G<TLanes, TVec>(ref v0, ref v5, ref v10, ref v15, m14, m10);
        G<TLanes, TVec>(ref v1, ref v6, ref v11, ref v12, m2, m12);
        G<TLanes, TVec>(ref v2, ref v7, ref v8, ref v13, m3, m4);
        G<TLanes, TVec>(ref v3, ref v4, ref v9, ref v14, m7, m13);

        state[0] = v0;
        state[1] = v1;
        state[2] = v2;
        state[3] = v3;
        state[4] = v4;
        state[5] = v5;
        state[6] = v6;
        state[7] = v7;
        state[8] = v8;
        state[9] = v9;
        state[10] = v10;
        state[11] = v11;
        state[12] = v12;
        state[13] = v13;
        state[14] = v14;
        state[15] = v15;
    }

    /// <summary>The quarter-round G (specification §2.2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G<TLanes, TVec>(ref TVec a, ref TVec b, ref TVec c, ref TVec d, TVec x, TVec y)
        where TLanes : struct, IBlake3Lanes<TVec>
        where TVec : struct
    {
        a = TLanes.Add(TLanes.Add(a, b), x);
        d = TLanes.Ror16(TLanes.Xor(d, a));
        c = TLanes.Add(c, d);
        b = TLanes.Ror12(TLanes.Xor(b, c));
        a = TLanes.Add(TLanes.Add(a, b), y);
        d = TLanes.Ror8(TLanes.Xor(d, a));
        c = TLanes.Add(c, d);
        b = TLanes.Ror7(TLanes.Xor(b, c));
    }
}
