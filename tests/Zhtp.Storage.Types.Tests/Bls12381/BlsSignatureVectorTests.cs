using System.Text.Json;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Types.Tests.Bls12381;

/// <summary>Every signature case of ../shared/vectors/bls12-381 (POP ciphersuite, keys in G1, signatures in G2).</summary>
public sealed class BlsSignatureVectorTests
{
    public static TheoryData<string> SignFiles => BlsVectors.Cases("sign");

    public static TheoryData<string> VerifyFiles => BlsVectors.Cases("verify");

    public static TheoryData<string> AggregateFiles => BlsVectors.Cases("aggregate");

    public static TheoryData<string> AggregateVerifyFiles => BlsVectors.Cases("aggregate_verify");

    public static TheoryData<string> FastAggregateVerifyFiles => BlsVectors.Cases("fast_aggregate_verify");

    public static TheoryData<string> BatchVerifyFiles => BlsVectors.Cases("batch_verify");

    public static TheoryData<string> G1Files => BlsVectors.Cases("deserialization_G1");

    public static TheoryData<string> G2Files => BlsVectors.Cases("deserialization_G2");

    [Theory]
    [MemberData(nameof(SignFiles))]
    public void Sign(string file)
    {
        JsonElement v = BlsVectors.Load("sign", file);
        JsonElement input = v.GetProperty("input");
        byte[] sk = BlsVectors.Hex(input.GetProperty("privkey"));
        byte[] message = BlsVectors.Hex(input.GetProperty("message"));
        if (v.GetProperty("output").ValueKind == JsonValueKind.Null)
        {
            Assert.Throws<BlsFormatException>(() => SecretKey.FromBytes(sk));
            return;
        }

        using SecretKey key = SecretKey.FromBytes(sk);
        Signature signature = key.Sign(message);
        Assert.Equal(BlsVectors.Hex(v.GetProperty("output")), signature.ToBytes());
        Assert.True(Bls.Verify(key.PublicKey, message, signature));
    }

    [Theory]
    [MemberData(nameof(VerifyFiles))]
    public void Verify(string file)
    {
        JsonElement v = BlsVectors.Load("verify", file);
        JsonElement input = v.GetProperty("input");
        bool actual = PublicKey.TryFromBytes(BlsVectors.Hex(input.GetProperty("pubkey")), out PublicKey? pk)
            && Signature.TryFromBytes(BlsVectors.Hex(input.GetProperty("signature")), out Signature? sig)
            && Bls.Verify(pk, BlsVectors.Hex(input.GetProperty("message")), sig);
        Assert.Equal(v.GetProperty("output").GetBoolean(), actual);
    }

    [Theory]
    [MemberData(nameof(AggregateFiles))]
    public void Aggregate(string file)
    {
        JsonElement v = BlsVectors.Load("aggregate", file);
        Signature[] sigs = [.. v.GetProperty("input").EnumerateArray().Select(e => Signature.FromBytes(BlsVectors.Hex(e)))];
        if (v.GetProperty("output").ValueKind == JsonValueKind.Null)
        {
            Assert.Throws<ArgumentException>(() => Signature.Aggregate(sigs));
            return;
        }

        Assert.Equal(BlsVectors.Hex(v.GetProperty("output")), Signature.Aggregate(sigs).ToBytes());
    }

    [Theory]
    [MemberData(nameof(AggregateVerifyFiles))]
    public void AggregateVerify(string file)
    {
        JsonElement v = BlsVectors.Load("aggregate_verify", file);
        JsonElement input = v.GetProperty("input");
        bool actual = TryKeys(input, out List<PublicKey> keys)
            && Signature.TryFromBytes(BlsVectors.Hex(input.GetProperty("signature")), out Signature? sig)
            && Bls.AggregateVerify(keys, Messages(input), sig);
        Assert.Equal(v.GetProperty("output").GetBoolean(), actual);
    }

    [Theory]
    [MemberData(nameof(FastAggregateVerifyFiles))]
    public void FastAggregateVerify(string file)
    {
        JsonElement v = BlsVectors.Load("fast_aggregate_verify", file);
        JsonElement input = v.GetProperty("input");
        bool actual = TryKeys(input, out List<PublicKey> keys)
            && Signature.TryFromBytes(BlsVectors.Hex(input.GetProperty("signature")), out Signature? sig)
            && Bls.FastAggregateVerify(keys, BlsVectors.Hex(input.GetProperty("message")), sig);
        Assert.Equal(v.GetProperty("output").GetBoolean(), actual);
    }

    [Theory]
    [MemberData(nameof(BatchVerifyFiles))]
    public void BatchVerify(string file)
    {
        JsonElement v = BlsVectors.Load("batch_verify", file);
        JsonElement input = v.GetProperty("input");
        var sigs = new List<Signature>();
        bool parsed = TryKeys(input, out List<PublicKey> keys);
        foreach (JsonElement e in input.GetProperty("signatures").EnumerateArray())
        {
            if (Signature.TryFromBytes(BlsVectors.Hex(e), out Signature? s))
            {
                sigs.Add(s);
            }
            else
            {
                parsed = false;
            }
        }

        bool actual = parsed && Bls.BatchVerify(keys, Messages(input), sigs);
        Assert.Equal(v.GetProperty("output").GetBoolean(), actual);
    }

    [Theory]
    [MemberData(nameof(G1Files))]
    public void DeserializationG1(string file)
    {
        JsonElement v = BlsVectors.Load("deserialization_G1", file);
        byte[] bytes = BlsVectors.Hex(v.GetProperty("input").GetProperty("pubkey"));
        bool ok = PublicKey.TryFromBytes(bytes, out PublicKey? pk);
        Assert.Equal(v.GetProperty("output").GetBoolean(), ok);
        if (ok)
        {
            Assert.Equal(bytes, pk!.ToBytes());
        }
    }

    [Theory]
    [MemberData(nameof(G2Files))]
    public void DeserializationG2(string file)
    {
        JsonElement v = BlsVectors.Load("deserialization_G2", file);
        byte[] bytes = BlsVectors.Hex(v.GetProperty("input").GetProperty("signature"));
        bool ok = Signature.TryFromBytes(bytes, out Signature? sig);
        Assert.Equal(v.GetProperty("output").GetBoolean(), ok);
        if (ok)
        {
            Assert.Equal(bytes, sig!.ToBytes());
        }
    }

    private static bool TryKeys(JsonElement input, out List<PublicKey> keys)
    {
        keys = [];
        foreach (JsonElement e in input.GetProperty("pubkeys").EnumerateArray())
        {
            if (!PublicKey.TryFromBytes(BlsVectors.Hex(e), out PublicKey? k))
            {
                return false;
            }

            keys.Add(k);
        }

        return true;
    }

    private static List<byte[]> Messages(JsonElement input) =>
        [.. input.GetProperty("messages").EnumerateArray().Select(BlsVectors.Hex)];
}
