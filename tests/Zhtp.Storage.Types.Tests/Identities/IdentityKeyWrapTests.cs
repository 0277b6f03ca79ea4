using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Types.Tests.Identities;

public class IdentityKeyWrapTests
{
    private static readonly byte[] ContentKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Context = "content-id-123"u8.ToArray();

    [Theory]
    [InlineData(IdentityKind.Classical, KeyAgreementAlgorithm.X25519, false)]
    [InlineData(IdentityKind.Classical, KeyAgreementAlgorithm.EcdhP256, false)]
    [InlineData(IdentityKind.Hybrid, KeyAgreementAlgorithm.X25519, false)]
    [InlineData(IdentityKind.Hybrid, KeyAgreementAlgorithm.X25519, true)]
    [InlineData(IdentityKind.Hybrid, KeyAgreementAlgorithm.EcdhP256, true)]
    [InlineData(IdentityKind.PostQuantum, KeyAgreementAlgorithm.X25519, true)]
    public void WrapUnwrap_RoundTrips_WrongRecipientOrContextOrTamperFails(IdentityKind kind, KeyAgreementAlgorithm agreement, bool quantumResistant)
    {
        var options = new IdentityOptions { Kind = kind, ClassicalAgreement = agreement };
        using var reader = ZhtpIdentity.Create(options);
        using var stranger = ZhtpIdentity.Create(options);
        byte[] wrapped = IdentityKeyWrap.Wrap(reader.Public, ContentKey, Context, quantumResistant);
        Assert.Equal(ContentKey.Length + IdentityKeyWrap.Overhead(reader.Public, quantumResistant), wrapped.Length);

        var secret = new byte[32];
        Assert.True(IdentityKeyWrap.TryUnwrap(reader, wrapped, Context, secret));
        Assert.Equal(ContentKey, secret);

        Assert.False(IdentityKeyWrap.TryUnwrap(stranger, wrapped, Context, secret));
        Assert.False(IdentityKeyWrap.TryUnwrap(reader, wrapped, "content-id-124"u8, secret));
        Assert.False(IdentityKeyWrap.TryUnwrap(reader, wrapped, Context, new byte[31]));
        for (int i = 0; i < wrapped.Length; i += Math.Max(1, wrapped.Length / 40))
        {
            byte[] tampered = (byte[])wrapped.Clone();
            tampered[i] ^= 0x01;
            Assert.False(IdentityKeyWrap.TryUnwrap(reader, tampered, Context, secret), $"a flip at byte {i} of {wrapped.Length} unwrapped");
        }

        Assert.False(IdentityKeyWrap.TryUnwrap(reader, wrapped.AsSpan(0, wrapped.Length - 1), Context, secret));
        Assert.False(IdentityKeyWrap.TryUnwrap(reader, [], Context, secret));
    }

    [Fact]
    public void Wrap_QuantumResistantToClassical_OrClassicalToPostQuantum_ThrowsArgumentException()
    {
        using var classical = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
        using var postQuantum = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.PostQuantum });
        Assert.Throws<ArgumentException>(() => IdentityKeyWrap.Wrap(classical.Public, ContentKey, Context, quantumResistant: true));
        Assert.Throws<ArgumentException>(() => IdentityKeyWrap.Wrap(postQuantum.Public, ContentKey, Context, quantumResistant: false));
    }

    [Fact]
    public void Unwrap_HybridWrapToClassicalOnlyKeys_CannotBeDowngraded()
    {
        // A quantum-resistant wrap relabelled as classical (mode byte 2 -> 1) must not unwrap.
        using var reader = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Hybrid });
        byte[] wrapped = IdentityKeyWrap.Wrap(reader.Public, ContentKey, Context, quantumResistant: true);
        byte[] relabelled = (byte[])wrapped.Clone();
        relabelled[1] = 1;
        var secret = new byte[32];
        Assert.False(IdentityKeyWrap.TryUnwrap(reader, relabelled, Context, secret));
    }
}
