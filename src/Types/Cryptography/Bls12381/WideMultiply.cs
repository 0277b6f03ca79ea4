using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// The high 64 bits of a 64×64-bit product, the one primitive the Montgomery multiplications need
/// besides ordinary (low-word) multiplication. A struct type parameter, so the JIT compiles one copy of
/// each multiplication per strategy with the call inlined. <c>Math.BigMul(x, y, out lo)</c> is not used:
/// the JIT keeps every <c>out</c> low word in a stack slot (a 648-byte zero-initialised frame in Fp.Mul).
/// </summary>
internal interface IWideMultiply
{
    static abstract ulong High(ulong x, ulong y);
}

/// <summary>mulx (BMI2) or umulh (Arm64) where the CPU has it, else <see cref="PortableWideMultiply"/>; the JIT folds the test.</summary>
internal readonly struct HardwareWideMultiply : IWideMultiply
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong High(ulong x, ulong y)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.MultiplyNoFlags(x, y);
        }

        if (ArmBase.Arm64.IsSupported)
        {
            return ArmBase.Arm64.MultiplyHigh(x, y);
        }

        return PortableWideMultiply.High(x, y);
    }
}

/// <summary>Four 32×32-bit products: no branch and no instruction whose time depends on the operands.</summary>
internal readonly struct PortableWideMultiply : IWideMultiply
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong High(ulong x, ulong y)
    {
        ulong xl = (uint)x, xh = x >> 32, yl = (uint)y, yh = y >> 32;
        ulong ll = xl * yl, lh = xl * yh, hl = xh * yl, hh = xh * yh;
        ulong mid = (ll >> 32) + (uint)lh + (uint)hl; // < 3·2^32: no overflow
        return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    }
}
