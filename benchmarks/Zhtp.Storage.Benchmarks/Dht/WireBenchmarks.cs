using System.Net;
using BenchmarkDotNet.Attributes;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Benchmarks.Dht;

/// <summary>Envelope encode (sign) and parse of a Nodes reply with 20 contacts; the signer is the INSECURE hash scheme so the codec cost is visible (ECDSA adds ~50–100 µs per sign or verify).</summary>
public class WireBenchmarks
{
    private readonly INodeSigner _signer = NodeSigners.CreateInsecureForSimulation(new Random(1));
    private NodeId _id;
    private NodesBody _body = null!;
    private byte[] _datagram = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2);
        _id = NodeId.FromPublicKey(_signer.PublicKey.Span);
        _body = new NodesBody(Enumerable.Range(0, 20).Select(i => new Contact(new NodeId(Hash256.Random(random)), new IPEndPoint(IPAddress.Loopback, 4000 + i))).ToList());
        _datagram = EnvelopeCodec.Encode(MessageType.Nodes, 1, _id, _signer, 0, _body);
    }

    /// <summary>Encode and sign a Nodes reply with 20 IPv4 contacts.</summary>
    [Benchmark]
    public int Encode_Nodes20() => EnvelopeCodec.Encode(MessageType.Nodes, 1, _id, _signer, 0, _body).Length;

    /// <summary>Parse the envelope and the 20 contacts (no signature check).</summary>
    [Benchmark]
    public int Decode_Nodes20()
    {
        EnvelopeCodec.TryParse(_datagram, out EnvelopeView view);
        return NodesBody.Read(view.Body).Contacts.Count;
    }
}
