namespace Zhtp.Storage.Dht.Wire;

/// <summary>Stats names of <see cref="DropReason"/> values.</summary>
internal static class DropReasons
{
    private static readonly string[] Names =
    [
        "none", "oversized", "truncated", "malformed", "unsupported-version", "unknown-type", "unsupported-algorithm",
        "id-key-mismatch", "bad-signature", "stale-timestamp", "future-timestamp", "replay", "unsolicited-response", "self",
        "unknown-session", "bad-handshake", "not-content-addressed", "content-mismatch",
    ];

    /// <summary>Number of reasons including <see cref="DropReason.None"/>.</summary>
    public static int Count => Names.Length;

    /// <summary>The stats key of <paramref name="reason"/>.</summary>
    public static string Name(DropReason reason) => Names[(int)reason];
}
