namespace Zhtp.Storage.Dht;

/// <summary>Error codes carried by Error replies (see docs/protocol.md).</summary>
public enum DhtErrorCode : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The request payload did not parse.</summary>
    BadRequest = 1,

    /// <summary>The record failed validation (key is not BLAKE3(value), bad owner signature, expired).</summary>
    InvalidRecord = 2,

    /// <summary>The holder's storage quota is exhausted.</summary>
    StorageFull = 3,

    /// <summary>A mutable record with a higher sequence number is held.</summary>
    OlderSequence = 4,

    /// <summary>The value exceeds the receiver's maximum value size.</summary>
    ValueTooLarge = 5,

    /// <summary>No handler is registered for the contract operation or application protocol.</summary>
    NoHandler = 6,

    /// <summary>The handler refused the request (its message is in the reply).</summary>
    Rejected = 7,

    /// <summary>The receiver failed internally.</summary>
    Internal = 8,

    /// <summary>The receiver is too busy.</summary>
    Busy = 9,

    /// <summary>The receiver does not hold the requested record.</summary>
    NotFound = 10,

    /// <summary>No reply arrived in time (local outcome; never sent on the wire).</summary>
    Timeout = 255,
}
