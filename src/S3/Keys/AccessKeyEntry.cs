using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.S3.Keys;

/// <summary>One access key as the gateway holds it: the id, the secret (the SigV4 HMAC key) and the identity it acts as.</summary>
internal sealed record AccessKeyEntry(string AccessKeyId, byte[] Secret, ZhtpIdentity Identity);
