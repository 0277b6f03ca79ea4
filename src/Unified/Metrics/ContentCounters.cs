namespace Zhtp.Storage.Unified.Metrics;

/// <summary>Totals of the content that went through one storage system (read by stats and the observable instruments). Thread-safe.</summary>
internal sealed class ContentCounters
{
    private long _uploads;
    private long _downloads;
    private long _bytesUploaded;
    private long _bytesStored;
    private long _bytesServed;
    private long _shards;
    private long _shardsRepaired;
    private long _shardsMissing;

    public long Uploads => Interlocked.Read(ref _uploads);

    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>Plaintext bytes uploaded.</summary>
    public long BytesUploaded => Interlocked.Read(ref _bytesUploaded);

    /// <summary>Shard bytes placed on holders (parity included).</summary>
    public long BytesStored => Interlocked.Read(ref _bytesStored);

    /// <summary>Plaintext bytes downloaded (served to this system's callers).</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    public long Shards => Interlocked.Read(ref _shards);

    public long ShardsRepaired => Interlocked.Read(ref _shardsRepaired);

    public long ShardsMissing => Interlocked.Read(ref _shardsMissing);

    public void OnUpload(long plaintextBytes, long storedBytes, long shards)
    {
        Interlocked.Increment(ref _uploads);
        Interlocked.Add(ref _bytesUploaded, plaintextBytes);
        Interlocked.Add(ref _bytesStored, storedBytes);
        Interlocked.Add(ref _shards, shards);
    }

    public void OnDownload(long bytes)
    {
        Interlocked.Increment(ref _downloads);
        Interlocked.Add(ref _bytesServed, bytes);
    }

    public void OnRepair(long missing, long repaired)
    {
        Interlocked.Add(ref _shardsMissing, missing);
        Interlocked.Add(ref _shardsRepaired, repaired);
    }
}
