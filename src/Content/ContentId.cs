using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>
/// The stable address of a piece of content across its versions: the DHT key of its head record,
/// BLAKE3(owner public key || "zhtp/content/" + name). Printed as 64 hex characters.
/// </summary>
/// <param name="Key">The head record's DHT key.</param>
public readonly record struct ContentId(DhtKey Key)
{
    /// <summary>The mutable-record name prefix of head records.</summary>
    public const string NamePrefix = "zhtp/content/";

    /// <summary>The id of the content named <paramref name="name"/> by the owner with <paramref name="ownerPublicKey"/>.</summary>
    public static ContentId For(ReadOnlySpan<byte> ownerPublicKey, string name) => new(Dht.RecordKeys.MutableKey(ownerPublicKey, NamePrefix + name));

    /// <summary>Parses 64 hex or 52 base32 characters.</summary>
    /// <exception cref="FormatException">The text is not a content id; the message says why.</exception>
    public static ContentId Parse(string text) => new(DhtKey.Parse(text));

    /// <summary>Tries to parse 64 hex or 52 base32 characters.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ContentId id)
    {
        bool ok = DhtKey.TryParse(text, out DhtKey key);
        id = new ContentId(key);
        return ok;
    }

    /// <summary>64 lowercase hex characters.</summary>
    public override string ToString() => Key.ToString();
}
