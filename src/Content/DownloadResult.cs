namespace Zhtp.Storage.Content;

/// <summary>What a download did.</summary>
/// <param name="Info">The version that was read.</param>
/// <param name="BytesWritten">Plaintext bytes written to the destination.</param>
/// <param name="Faults">Shards that were missing, corrupt or timed out and were worked around (rebuilt from others).</param>
public sealed record DownloadResult(ContentInfo Info, long BytesWritten, IReadOnlyList<ShardFault> Faults);
