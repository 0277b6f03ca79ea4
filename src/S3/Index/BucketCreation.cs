namespace Zhtp.Storage.S3.Index;

/// <summary>What creating a bucket did.</summary>
internal enum BucketCreation
{
    /// <summary>The bucket is new.</summary>
    Created,

    /// <summary>The caller owns a bucket of that name already.</summary>
    AlreadyOwnedByYou,

    /// <summary>Another identity owns a bucket of that name.</summary>
    AlreadyExists,
}
