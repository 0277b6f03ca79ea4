using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Erasure.Galois;

// Implementation notes
// GF(2^8) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and generator 2, the
// field used by ISA-L, Jerasure and klauspost/reedsolomon. Addition is XOR. Multiplication goes
// through log/exp tables (the exp table is doubled so log a + log b needs no reduction); the
// scalar kernel uses the full 64 KiB product table. The tables the SIMD kernels read are built
// here too, once, in pinned arrays so kernels can address them with raw pointers:
// - nibble tables: for each constant c, 16 products c·x for x = 0..15 and 16 for x = 0x10..0xF0
//   (the vpshufb/pshufb method of Plank, Greenan and Miller, "Screaming Fast Galois Field
//   Arithmetic Using Intel SIMD Instructions", FAST 2013);
// - affine matrices: for each constant c, the 8×8 bit matrix of x ↦ c·x in the layout GF2P8AFFINEQB
//   expects (byte 7 − i holds the mask of input bits that feed output bit i).

/// <summary>Arithmetic in GF(2^8) modulo 0x11D, and the lookup tables the kernels use.</summary>
internal static unsafe class GaloisField
{
    /// <summary>The reduction polynomial x^8 + x^4 + x^3 + x^2 + 1.</summary>
    public const int Polynomial = 0x11D;

    private static readonly byte[] ExpTable = BuildExp();
    private static readonly byte[] LogTable = BuildLog(ExpTable);
    private static readonly byte[] MulTableArray = BuildMulTable();
    private static readonly byte[] NibbleTable16Array = BuildNibbleTables(16);
    private static readonly byte[] NibbleTable32Array = BuildNibbleTables(32);
    private static readonly byte[] NibbleTable64Array = BuildNibbleTables(64);
    private static readonly ulong[] AffineTableArray = BuildAffineTables();

    /// <summary>256 × 256 products: <c>MulTable[a * 256 + b] = a·b</c>; pinned.</summary>
    public static byte* MulTable => (byte*)Unsafe.AsPointer(ref MulTableArray[0]);

    /// <summary>
    /// Nibble tables for 16-byte vectors, pinned: at <c>c * 32</c> the 16 products of c with
    /// 0x00..0x0F, then the 16 products with 0x00, 0x10, ..., 0xF0.
    /// </summary>
    public static byte* NibbleTables16 => (byte*)Unsafe.AsPointer(ref NibbleTable16Array[0]);

    /// <summary>As <see cref="NibbleTables16"/> with each 16-byte half repeated to 32 bytes (64 bytes per constant).</summary>
    public static byte* NibbleTables32 => (byte*)Unsafe.AsPointer(ref NibbleTable32Array[0]);

    /// <summary>As <see cref="NibbleTables16"/> with each 16-byte half repeated to 64 bytes (128 bytes per constant).</summary>
    public static byte* NibbleTables64 => (byte*)Unsafe.AsPointer(ref NibbleTable64Array[0]);

    /// <summary>256 affine matrices (GF2P8AFFINEQB layout) for multiplication by each constant; pinned.</summary>
    public static ulong* AffineTables => (ulong*)Unsafe.AsPointer(ref AffineTableArray[0]);

    /// <summary>Product a·b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Mul(byte a, byte b) => MulTableArray[(a << 8) | b];

    /// <summary>Quotient a / b; <paramref name="b"/> must not be zero.</summary>
    public static byte Div(byte a, byte b)
    {
        if (b == 0)
        {
            throw new DivideByZeroException("Division by zero in GF(2^8).");
        }

        return a == 0 ? (byte)0 : ExpTable[LogTable[a] + 255 - LogTable[b]];
    }

    /// <summary>Multiplicative inverse; <paramref name="a"/> must not be zero.</summary>
    public static byte Inverse(byte a) => Div(1, a);

    /// <summary>a raised to <paramref name="power"/> (a^0 = 1, 0^n = 0 for n &gt; 0).</summary>
    public static byte Pow(byte a, int power)
    {
        if (power == 0)
        {
            return 1;
        }

        return a == 0 ? (byte)0 : ExpTable[LogTable[a] * (long)power % 255];
    }

    /// <summary>Product computed bit by bit (carry-less multiply and reduce), independent of the tables.</summary>
    public static byte MulSlow(byte a, byte b)
    {
        int product = 0;
        int x = a;
        for (int bit = 0; bit < 8; bit++)
        {
            if (((b >> bit) & 1) != 0)
            {
                product ^= x;
            }

            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= Polynomial;
            }
        }

        return (byte)product;
    }

    private static byte[] BuildExp()
    {
        var exp = new byte[512];
        int x = 1;
        for (int i = 0; i < 255; i++)
        {
            exp[i] = (byte)x;
            exp[i + 255] = (byte)x;
            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= Polynomial;
            }
        }

        exp[510] = exp[0];
        exp[511] = exp[1];
        return exp;
    }

    private static byte[] BuildLog(byte[] exp)
    {
        var log = new byte[256];
        for (int i = 0; i < 255; i++)
        {
            log[exp[i]] = (byte)i;
        }

        return log;
    }

    private static byte[] BuildMulTable()
    {
        var table = GC.AllocateUninitializedArray<byte>(256 * 256, pinned: true);
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                table[(a << 8) | b] = a == 0 || b == 0 ? (byte)0 : ExpTable[LogTable[a] + LogTable[b]];
            }
        }

        return table;
    }

    private static byte[] BuildNibbleTables(int width)
    {
        var table = GC.AllocateUninitializedArray<byte>(256 * 2 * width, pinned: true);
        for (int c = 0; c < 256; c++)
        {
            int low = c * 2 * width;
            for (int i = 0; i < width; i++)
            {
                int x = i & 15;
                table[low + i] = Mul((byte)c, (byte)x);
                table[low + width + i] = Mul((byte)c, (byte)(x << 4));
            }
        }

        return table;
    }

    private static ulong[] BuildAffineTables()
    {
        var table = GC.AllocateUninitializedArray<ulong>(256, pinned: true);
        for (int c = 0; c < 256; c++)
        {
            ulong matrix = 0;
            for (int outBit = 0; outBit < 8; outBit++)
            {
                ulong row = 0;
                for (int inBit = 0; inBit < 8; inBit++)
                {
                    if (((Mul((byte)c, (byte)(1 << inBit)) >> outBit) & 1) != 0)
                    {
                        row |= 1UL << inBit;
                    }
                }

                matrix |= row << ((7 - outBit) * 8);
            }

            table[c] = matrix;
        }

        return table;
    }
}
