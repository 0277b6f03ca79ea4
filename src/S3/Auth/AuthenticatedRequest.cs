using Zhtp.Storage.S3.Keys;

namespace Zhtp.Storage.S3.Auth;

/// <summary>A request whose signature checked: who sent it, and its body as the object's bytes (decoded and verified while read).</summary>
internal sealed record AuthenticatedRequest(AccessKeyEntry Key, Stream Body, long? DecodedLength);
