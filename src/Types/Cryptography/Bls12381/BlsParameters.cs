using System.Numerics;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>The curve family parameter and group order of BLS12-381 (draft-irtf-cfrg-pairing-friendly-curves).</summary>
internal static class BlsParameters
{
    /// <summary>|x| for the family parameter x = -0xd201000000010000 (x is negative).</summary>
    public const ulong XAbs = 0xd201000000010000;

    /// <summary>The prime order r of G1, G2 and GT.</summary>
    public static readonly BigInteger R = BigInteger.Parse(
        "073eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001",
        System.Globalization.NumberStyles.HexNumber,
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>r as 32 big-endian bytes.</summary>
    public static byte[] RBytes { get; } = R.ToByteArray(isUnsigned: true, isBigEndian: true);
}
