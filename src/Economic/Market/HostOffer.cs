using System.Net;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Market;

/// <summary>A host's signed offer to the market: how much it can store, at what price, in which tier, where.</summary>
public sealed record HostOffer
{
    internal const string Domain = "zhtp/economic/offer/v1";

    /// <summary>The host's public key.</summary>
    public required ReadOnlyMemory<byte> HostKey { get; init; }

    /// <summary>Free capacity offered, in bytes.</summary>
    public required long CapacityBytes { get; init; }

    /// <summary>Asking price per GB per day.</summary>
    public required TokenAmount PricePerGbDay { get; init; }

    /// <summary>Tier offered.</summary>
    public required StorageTier Tier { get; init; }

    /// <summary>Free-form region label (e.g. "eu-west").</summary>
    public required string Region { get; init; }

    /// <summary>The host's network address, used for subnet diversity.</summary>
    public required IPAddress Address { get; init; }

    /// <summary>When the offer lapses.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The host's signature.</summary>
    public ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>The host's node id.</summary>
    public NodeId Host => NodeId.FromPublicKey(HostKey.Span);

    /// <summary>This offer signed by <paramref name="host"/> (whose key must be <see cref="HostKey"/>).</summary>
    public HostOffer SignWith(INodeSigner host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return this with { Signature = SignedEnvelope.Sign(host, Domain, EncodeBody()) };
    }

    /// <summary>True when the signature verifies with <see cref="HostKey"/>.</summary>
    public bool VerifySignature(ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return SignedEnvelope.Verify(verifier, HostKey.Span, Domain, EncodeBody(), Signature.Span);
    }

    /// <summary>The subnet key for diversity: the /24 of an IPv4 address, the /48 of an IPv6 address.</summary>
    public string Subnet
    {
        get
        {
            var bytes = (Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address).GetAddressBytes();
            return Convert.ToHexString(bytes, 0, bytes.Length == 4 ? 3 : 6);
        }
    }

    /// <summary>The offer with its signature, for the wire (decode with <see cref="Decode"/>).</summary>
    public byte[] Encode() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, HostOffer o) =>
    {
        w.WriteArrayHeader(2);
        w.Write(o.EncodeBody());
        w.Write(o.Signature.Span);
    });

    /// <summary>Decodes <see cref="Encode"/>'s output; does not verify the signature (<see cref="VerifySignature"/>).</summary>
    /// <exception cref="MessagePackSerializationException">The bytes are not a well-formed offer.</exception>
    public static HostOffer Decode(ReadOnlyMemory<byte> encoded)
    {
        var outer = new MessagePackReader(encoded);
        SignedEnvelope.ExpectArray(ref outer, 2, "offer");
        var body = SignedEnvelope.ReadBytes(ref outer, 2048, "offer body");
        var signature = SignedEnvelope.ReadBytes(ref outer, 512, "offer signature");
        var r = new MessagePackReader(body);
        SignedEnvelope.ExpectArray(ref r, 8, "offer body");
        if (r.ReadInt32() != 1)
        {
            throw new MessagePackSerializationException("offer: unknown version; this library reads version 1.");
        }

        var key = SignedEnvelope.ReadBytes(ref r, 256, "offer host key");
        var capacity = r.ReadInt64();
        var price = new TokenAmount(r.ReadInt64());
        var tier = (StorageTier)r.ReadInt32();
        var region = r.ReadString() ?? throw new MessagePackSerializationException("offer region: expected a string.");
        var address = SignedEnvelope.ReadBytes(ref r, 16, "offer address");
        if (address.Length is not (4 or 16))
        {
            throw new MessagePackSerializationException($"offer address: expected 4 or 16 bytes, found {address.Length}.");
        }

        return new HostOffer
        {
            HostKey = key,
            CapacityBytes = capacity,
            PricePerGbDay = price,
            Tier = tier,
            Region = region,
            Address = new IPAddress(address),
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()),
            Signature = signature,
        };
    }

    private byte[] EncodeBody() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, HostOffer o) =>
    {
        w.WriteArrayHeader(8);
        w.Write(1);
        w.Write(o.HostKey.Span);
        w.Write(o.CapacityBytes);
        w.Write(o.PricePerGbDay.Micros);
        w.Write((int)o.Tier);
        w.Write(o.Region);
        w.Write(o.Address.GetAddressBytes());
        w.Write(DateTimeOffset.FromUnixTimeMilliseconds(o.ExpiresAt.ToUnixTimeMilliseconds()).ToUnixTimeMilliseconds());
    });
}
