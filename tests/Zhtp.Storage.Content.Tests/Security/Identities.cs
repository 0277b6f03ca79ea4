using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Tests.Security;

/// <summary>Test identities (generation is real: Ed25519/X25519 plus ML-DSA-65/ML-KEM-768 for Hybrid).</summary>
internal static class Identities
{
    public static ZhtpIdentity Hybrid() => ZhtpIdentity.Create(new IdentityOptions());

    public static ZhtpIdentity Classical() => ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
}
