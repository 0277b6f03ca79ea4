using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>Nodes: <c>[[id, address, port] × n]</c>, at most k contacts closest to the target.</summary>
internal sealed record NodesBody(IReadOnlyList<Contact> Contacts) : IMessageBody
{
    /// <summary>Contacts accepted in one reply (more is malformed).</summary>
    public const int MaxContacts = 64;

    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(Contacts.Count);
        foreach (Contact contact in Contacts)
        {
            WireReading.WriteContact(ref writer, contact);
        }
    }

    public static NodesBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        int count = reader.ReadArrayHeader();
        if (count > MaxContacts)
        {
            WireReading.Throw($"{count} contacts exceed {MaxContacts}");
        }

        var contacts = new List<Contact>(count);
        for (int i = 0; i < count; i++)
        {
            contacts.Add(WireReading.ReadContact(ref reader));
        }

        return new NodesBody(contacts);
    }
}
