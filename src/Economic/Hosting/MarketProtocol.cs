using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Hosting;

// Implementation notes
// Two application protocols over DHT requests (docs/protocol.md, "Market requests"):
//   zhtp/market/quote/1  request [1, size, duration ticks, tier, replication, quality, urgency, guarantees]
//                        reply   [offer (bin: HostOffer.Encode), quote (bin: Quote.Encode)]
//   zhtp/market/sign/1   request a renter-signed StorageContract (StorageContract.Encode)
//                        reply   the host's signature over the same terms (bin)
// Refusals are DHT Rejected errors with a message saying why.
internal static class MarketProtocol
{
    internal const string Quote = "zhtp/market/quote/1";
    internal const string Sign = "zhtp/market/sign/1";

    internal static byte[] EncodeRequest(QuoteRequest request) => SignedEnvelope.Encode(request, static (ref MessagePackWriter w, QuoteRequest q) =>
    {
        w.WriteArrayHeader(8);
        w.Write(1);
        w.Write(q.SizeBytes);
        w.Write(q.Duration.Ticks);
        w.Write((int)q.Tier);
        w.Write(q.Replication);
        w.Write((int)q.Quality);
        w.Write((int)q.Urgency);
        w.Write(q.QualityGuarantees);
    });

    internal static QuoteRequest DecodeRequest(ReadOnlyMemory<byte> payload)
    {
        var r = new MessagePackReader(payload);
        SignedEnvelope.ExpectArray(ref r, 8, "quote request");
        if (r.ReadInt32() != 1)
        {
            throw new MessagePackSerializationException("quote request: unknown version; this library reads version 1.");
        }

        return new QuoteRequest(r.ReadInt64(), TimeSpan.FromTicks(r.ReadInt64()), (StorageTier)r.ReadInt32(), r.ReadInt32(), (QualityLevel)r.ReadInt32(), (Urgency)r.ReadInt32(), r.ReadBoolean());
    }

    internal static byte[] EncodeReply(HostOffer offer, Quote quote) => SignedEnvelope.Encode((offer, quote), static (ref MessagePackWriter w, (HostOffer Offer, Quote Quote) v) =>
    {
        w.WriteArrayHeader(2);
        w.Write(v.Offer.Encode());
        w.Write(v.Quote.Encode());
    });

    internal static (HostOffer Offer, Quote Quote) DecodeReply(ReadOnlyMemory<byte> payload)
    {
        var r = new MessagePackReader(payload);
        SignedEnvelope.ExpectArray(ref r, 2, "quote reply");
        var offer = SignedEnvelope.ReadBytes(ref r, 4096, "offer");
        var quote = SignedEnvelope.ReadBytes(ref r, 4096, "quote");
        return (HostOffer.Decode(offer), Zhtp.Storage.Economic.Quote.Decode(quote));
    }

    internal static byte[] EncodeSignature(ReadOnlyMemory<byte> signature) => SignedEnvelope.Encode(signature, static (ref MessagePackWriter w, ReadOnlyMemory<byte> s) => w.Write(s.Span));

    internal static byte[] DecodeSignature(ReadOnlyMemory<byte> payload)
    {
        var r = new MessagePackReader(payload);
        return SignedEnvelope.ReadBytes(ref r, 512, "host signature");
    }
}
