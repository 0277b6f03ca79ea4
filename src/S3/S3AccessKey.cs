namespace Zhtp.Storage.S3;

/// <summary>An access key pair for S3 clients and the identity id its requests act as.</summary>
/// <param name="AccessKeyId">The public key id (20 characters, starts with ZHTP).</param>
/// <param name="SecretAccessKey">The secret (40 characters): give it to the client only.</param>
/// <param name="IdentityId">The id of the identity that owns the buckets and content made with this key.</param>
public sealed record S3AccessKey(string AccessKeyId, string SecretAccessKey, string IdentityId)
{
    /// <summary>Hides the secret.</summary>
    public override string ToString() => $"S3AccessKey {{ AccessKeyId = {AccessKeyId}, IdentityId = {IdentityId} }}";
}
