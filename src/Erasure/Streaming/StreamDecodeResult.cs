namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>What an <see cref="ErasureStreamDecoder"/> decode did (either overload).</summary>
/// <param name="BytesWritten">Original bytes written to the output.</param>
/// <param name="Segments">Segments decoded.</param>
/// <param name="FailedShards">
/// Shard streams that were given but dropped: a damaged or inconsistent header, a CRC mismatch or
/// an early end. Their data was rebuilt from the others; the streams should be repaired.
/// </param>
public readonly record struct StreamDecodeResult(long BytesWritten, long Segments, ShardMask FailedShards);
