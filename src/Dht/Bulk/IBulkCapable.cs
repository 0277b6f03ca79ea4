namespace Zhtp.Storage.Dht.Bulk;

/// <summary>A datagram transport that can also open a bulk channel at the same address.</summary>
internal interface IBulkCapable
{
    /// <summary>
    /// Starts the bulk channel serving request frames of at most <paramref name="maxFrame"/> bytes with
    /// <paramref name="handler"/> (when <paramref name="listen"/>; a client only sends); null when it cannot be opened.
    /// </summary>
    IBulkChannel? OpenBulkChannel(int maxFrame, BulkFrameHandler handler, bool listen = true);
}
