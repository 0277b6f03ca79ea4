using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Types.Tests.Bls12381.Threshold;

/// <summary>A committee-signed identity credential: the statement, the validity window and the encoding.</summary>
public sealed class IdentityCredentialTests
{
    [Fact]
    public void Verify_ThresholdSignedStatement_HoldsInsideTheWindowOnly_AndSurvivesEncoding()
    {
        var random = new Random(21);
        using Polynomial f = Polynomial.Random(2, span => random.NextBytes(span));
        FeldmanCommitment committee = f.Commit();
        using ZhtpIdentity identity = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
        var issued = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
        DateTimeOffset expires = issued.AddDays(30);
        byte[] statement = IdentityCredential.Statement(identity.Id, issued, expires);
        using SecretShare s1 = SecretShare.FromScalar(1, f.Evaluate(1));
        using SecretShare s3 = SecretShare.FromScalar(3, f.Evaluate(3));
        var credential = new IdentityCredential(identity.Id, issued, expires, ThresholdBls.Combine([s1.Sign(statement), s3.Sign(statement)]));

        Assert.True(credential.Verify(committee.PublicKey, issued.AddDays(1)));
        Assert.False(credential.Verify(committee.PublicKey, issued.AddSeconds(-1)));
        Assert.False(credential.Verify(committee.PublicKey, expires));
        Assert.False((credential with { ExpiresAt = expires.AddDays(1) }).Verify(committee.PublicKey, issued.AddDays(1)));
        using ZhtpIdentity other = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
        Assert.False((credential with { Identity = other.Id }).Verify(committee.PublicKey, issued.AddDays(1)));
        using SecretKey stranger = SecretKey.KeyGen(new byte[32]);
        Assert.False(credential.Verify(stranger.PublicKey, issued.AddDays(1)));

        byte[] encoded = credential.Encode();
        Assert.Equal(IdentityCredential.Size, encoded.Length);
        Assert.True(IdentityCredential.TryDecode(encoded, out IdentityCredential? decoded));
        Assert.Equal(credential, decoded);
        Assert.False(IdentityCredential.TryDecode(encoded.AsSpan(1), out _));
        encoded[^1] ^= 0xff;
        Assert.True(!IdentityCredential.TryDecode(encoded, out IdentityCredential? bad) || !bad.Verify(committee.PublicKey, issued.AddDays(1)));
    }
}
