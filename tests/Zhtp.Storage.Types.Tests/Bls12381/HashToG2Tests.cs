using System.Text;
using System.Text.Json;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Types.Tests.Bls12381;

/// <summary>hash_to_G2 against RFC 9380 (expand_message_xmd K.1, J.10.1) and the shared vectors.</summary>
public sealed class HashToG2Tests
{
    private const string QuuxDst = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";

    public static TheoryData<string> Files => BlsVectors.Cases("hash_to_G2");

    [Theory]
    [InlineData("", "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235")]
    [InlineData("abc", "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615")]
    public void ExpandMessageXmd_MatchesRfc9380AppendixK1(string message, string expected)
    {
        byte[] output = new byte[32];
        HashToG2.ExpandMessageXmd(Encoding.ASCII.GetBytes(message), "QUUX-V01-CS02-with-expander-SHA256-128"u8, output);
        Assert.Equal(expected, Convert.ToHexStringLower(output));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void HashToG2_MatchesSharedVectors(string file)
    {
        JsonElement v = BlsVectors.Load("hash_to_G2", file);
        byte[] msg = Encoding.ASCII.GetBytes(v.GetProperty("input").GetProperty("msg").GetString()!);
        var p = HashToG2.Hash(msg, Encoding.ASCII.GetBytes(QuuxDst));
        (Fp2 x, Fp2 y) = p.ToAffine();
        Assert.Equal(v.GetProperty("output").GetProperty("x").GetString(), $"{x.C0},{x.C1}");
        Assert.Equal(v.GetProperty("output").GetProperty("y").GetString(), $"{y.C0},{y.C1}");
    }
}
