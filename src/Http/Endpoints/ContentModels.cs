using Zhtp.Storage.Content;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Http.Endpoints;

/// <summary>What an upload stored (<c>POST /api/v1/content</c>, 201).</summary>
internal sealed record ReceiptModel(string Id, ulong Version, string ManifestKey, long Length, string Blake3, long StoredBytes, long Segments, long Shards, int Holders, bool Encrypted)
{
    public static ReceiptModel From(ContentReceipt r) =>
        new(r.Id.ToString(), r.Version, r.ManifestKey.ToString(), r.Length, r.PlainHash.ToString(), r.StoredBytes, r.Segments, r.Shards, r.Holders, r.Encrypted);
}

/// <summary>One content in a listing or search.</summary>
internal sealed record ContentItemModel(string Id, ulong Version, string Filename, string ContentType, IReadOnlyList<string> Tags, string Description, AccessLevel Access, string Owner, long Size, DateTimeOffset Created, bool FromNetwork)
{
    public static ContentItemModel From(ContentSearchHit h) =>
        new(h.Id.ToString(), h.Version, h.Metadata.Filename, h.Metadata.ContentType, h.Metadata.Tags, h.Metadata.Description, h.Metadata.Access, h.Owner, h.Size, h.Created, h.FromNetwork);
}

/// <summary>A page of a listing; pass <see cref="NextCursor"/> as <c>cursor</c> for the next one (null: the last page).</summary>
internal sealed record ContentPageModel(IReadOnlyList<ContentItemModel> Items, string? NextCursor);

/// <summary>One version of a content.</summary>
internal sealed record VersionModel(ulong Version, string ManifestKey, long Length, DateTimeOffset Created);

/// <summary>One identity granted read access.</summary>
internal sealed record GrantModel(string IdentityId, string Kind);

/// <summary>
/// Body of <c>POST /api/v1/content/{id}/grants</c>: <see cref="Identity"/> names an identity this node knows (an API identity's
/// name or id), or <see cref="PublicIdentity"/> carries any identity's public document (base64 of its <c>identity.pub</c>).
/// </summary>
internal sealed record GrantRequestModel(string? Identity, string? PublicIdentity);

/// <summary>A storage quote as the node would give it.</summary>
internal sealed record QuoteModel(string QuoteId, string Host, long SizeBytes, double DurationDays, string Tier, int Replication, string Total, decimal BasePricePerGbDay, long BilledGb, long BilledDays, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string Signature);

/// <summary>Liveness and readiness.</summary>
internal sealed record HealthModel(string Status, bool Live, bool Ready, bool Joined, bool StoreWritable, int Contacts, long StorageUsedBytes, long StorageQuotaBytes);

/// <summary>Who and where the node is.</summary>
internal sealed record InfoModel(string NodeId, string EndPoint, string NodePublicKey, string Identity, bool IdentityPersistent, bool EconomicsEnabled, DateTimeOffset StartedAt, string Version);

/// <summary>One routing-table contact.</summary>
internal sealed record PeerModel(string NodeId, string EndPoint);
