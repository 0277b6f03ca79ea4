namespace Zhtp.Storage.Dht.Wire;

/// <summary>Why a received datagram was dropped (stats keys in parentheses).</summary>
internal enum DropReason
{
    /// <summary>Not dropped.</summary>
    None,

    /// <summary>Larger than <see cref="Types.DhtConfig.MaxDatagramSize"/> ("oversized").</summary>
    Oversized,

    /// <summary>Ended before the envelope was complete ("truncated").</summary>
    Truncated,

    /// <summary>Not a well-formed envelope or body ("malformed").</summary>
    Malformed,

    /// <summary>A protocol version this node does not speak ("unsupported-version").</summary>
    UnsupportedVersion,

    /// <summary>An undefined message type ("unknown-type").</summary>
    UnknownType,

    /// <summary>A signature algorithm other than the node's ("unsupported-algorithm").</summary>
    UnsupportedAlgorithm,

    /// <summary>The sender id is not BLAKE3 of the sender key ("id-key-mismatch").</summary>
    IdKeyMismatch,

    /// <summary>The signature does not verify ("bad-signature").</summary>
    BadSignature,

    /// <summary>Timestamp older than the allowed clock skew ("stale-timestamp").</summary>
    StaleTimestamp,

    /// <summary>Timestamp further ahead than the allowed clock skew ("future-timestamp").</summary>
    FutureTimestamp,

    /// <summary>A request id already seen from this sender within the window ("replay").</summary>
    Replay,

    /// <summary>A reply matching no outstanding request ("unsolicited-response").</summary>
    Unsolicited,

    /// <summary>A message claiming to come from this node's own id ("self").</summary>
    Self,

    /// <summary>A session MAC under a session tag this node does not hold for the sender, e.g. after a restart ("unknown-session").</summary>
    UnknownSession,

    /// <summary>A handshake message that is authentic but unusable: wrong suite, transcript hash or responder, invalid ephemeral key, or a handshake as a datagram ("bad-handshake").</summary>
    BadHandshake,

    /// <summary>A content-bound frame (envelope version 2) whose body is not a content-addressed record of a Store or Value, or that is not a session-MACed bulk FindValue ("not-content-addressed").</summary>
    NotContentAddressed,

    /// <summary>A content-bound frame (envelope version 2) whose record key is not BLAKE3 of its value: the value was altered in flight or the sender lied ("content-mismatch").</summary>
    ContentMismatch,
}
