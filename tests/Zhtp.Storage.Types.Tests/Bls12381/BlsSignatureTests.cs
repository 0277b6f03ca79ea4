using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Types.Tests.Bls12381;

/// <summary>KeyGen, proof of possession and the aggregate operations on fresh keys, including the cases that must fail.</summary>
public sealed class BlsSignatureTests
{
    private static SecretKey Key(byte seed) => SecretKey.KeyGen(Enumerable.Repeat(seed, 32).ToArray());

    [Fact]
    public void KeyGen_IsDeterministicAndRejectsShortIkm()
    {
        using SecretKey a = Key(1), b = Key(1), c = Key(2);
        Assert.Equal(a.ToBytes(), b.ToBytes());
        Assert.NotEqual(a.ToBytes(), c.ToBytes());
        Assert.Equal(a.PublicKey, b.PublicKey);
        Assert.Throws<ArgumentException>(() => SecretKey.KeyGen(new byte[31]));
        using SecretKey withInfo = SecretKey.KeyGen(new byte[32], "zhtp"u8);
        using SecretKey plain = SecretKey.KeyGen(new byte[32]);
        Assert.NotEqual(withInfo.ToBytes(), plain.ToBytes());
    }

    [Fact]
    public void SecretKey_FromBytesRejectsZeroAndValuesNotBelowR()
    {
        Assert.Throws<BlsFormatException>(() => SecretKey.FromBytes(new byte[32]));
        Assert.Throws<BlsFormatException>(() => SecretKey.FromBytes(BlsParameters.RBytes));
        Assert.Throws<BlsFormatException>(() => SecretKey.FromBytes(new byte[31]));
        byte[] rMinus1 = BlsParameters.RBytes.ToArray();
        rMinus1[^1]--;
        using SecretKey max = SecretKey.FromBytes(rMinus1);
        Signature s = max.Sign("m"u8);
        Assert.True(Bls.Verify(max.PublicKey, "m"u8, s));
    }

    [Fact]
    public void SignVerify_RejectsAnotherMessageKeyOrTheIdentity()
    {
        using SecretKey a = Key(3), b = Key(4);
        Signature s = a.Sign("hello"u8);
        Assert.True(Bls.Verify(a.PublicKey, "hello"u8, s));
        Assert.False(Bls.Verify(a.PublicKey, "hellp"u8, s));
        Assert.False(Bls.Verify(b.PublicKey, "hello"u8, s));
        Assert.Equal(s, Signature.FromBytes(s.ToBytes()));
        Assert.Equal(a.PublicKey, PublicKey.FromBytes(a.PublicKey.ToBytes()));
        PublicKey identity = PublicKey.FromBytes(CompressedEncoding.InfinityEncoding(48));
        Assert.True(identity.IsIdentity);
        Assert.False(Bls.Verify(identity, "hello"u8, Signature.FromBytes(CompressedEncoding.InfinityEncoding(96))));
        Assert.Throws<BlsFormatException>(() => PublicKey.FromBytes(new byte[48]));
        Assert.Throws<ObjectDisposedException>(() =>
        {
            SecretKey d = Key(5);
            d.Dispose();
            return d.Sign("x"u8);
        });
    }

    [Fact]
    public void ProofOfPossession_VerifiesOnlyForItsKeyAndIsNotASignature()
    {
        using SecretKey a = Key(6), b = Key(7);
        Signature proof = a.ProvePossession();
        Assert.True(Bls.VerifyPossession(a.PublicKey, proof));
        Assert.False(Bls.VerifyPossession(b.PublicKey, proof));
        Assert.False(Bls.Verify(a.PublicKey, a.PublicKey.ToBytes(), proof));
        Assert.False(Bls.VerifyPossession(a.PublicKey, a.Sign(a.PublicKey.ToBytes())));
    }

    [Fact]
    public void Aggregates_VerifyAndDetectATamperedMember()
    {
        SecretKey[] keys = [.. Enumerable.Range(10, 5).Select(i => Key((byte)i))];
        PublicKey[] pks = [.. keys.Select(k => k.PublicKey)];
        byte[][] messages = [.. Enumerable.Range(0, 5).Select(i => new[] { (byte)i, (byte)(i * 7) })];
        Signature[] sigs = [.. keys.Select((k, i) => k.Sign(messages[i]))];
        Signature aggregate = Signature.Aggregate(sigs);
        Assert.True(Bls.AggregateVerify(pks, messages, aggregate));
        Assert.False(Bls.AggregateVerify(pks, [.. messages.Reverse()], aggregate));
        Assert.False(Bls.AggregateVerify([], [], aggregate));

        Signature same = Signature.Aggregate(keys.Select(k => k.Sign("one message"u8.ToArray())));
        Assert.True(Bls.FastAggregateVerify(pks, "one message"u8, same));
        Assert.True(Bls.Verify(PublicKey.Aggregate(pks), "one message"u8, same));
        Assert.False(Bls.FastAggregateVerify(pks[1..], "one message"u8, same));
        Assert.False(Bls.FastAggregateVerify([], "one message"u8, same));

        Assert.True(Bls.BatchVerify(pks, messages, sigs));
        Signature[] swapped = [sigs[1], sigs[0], .. sigs[2..]];
        Assert.False(Bls.BatchVerify(pks, messages, swapped));
        foreach (SecretKey k in keys)
        {
            k.Dispose();
        }
    }
}
