namespace Zhtp.Storage.Content;

/// <summary>What a repair pass found and did for one content version.</summary>
/// <param name="Id">The content.</param>
/// <param name="Version">The version checked.</param>
/// <param name="SegmentsChecked">Segments whose shards were probed.</param>
/// <param name="ShardsMissing">Shards whose holders no longer had them (or did not answer).</param>
/// <param name="ShardsRepaired">Shards rebuilt from k others and placed on new holders.</param>
/// <param name="SegmentsUnrecoverable">Segments with fewer than k live shards (nothing could be rebuilt).</param>
/// <param name="ShardsRenewed">Shards whose time to live was renewed on their holders.</param>
public sealed record RepairReport(ContentId Id, ulong Version, long SegmentsChecked, long ShardsMissing, long ShardsRepaired, long SegmentsUnrecoverable, long ShardsRenewed);
