using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>A message body that writes itself as one MessagePack array.</summary>
internal interface IMessageBody
{
    /// <summary>Writes the body array.</summary>
    void Write(ref MessagePackWriter writer);

    /// <summary>About how many bytes <see cref="Write"/> produces (a buffer-size hint; small bodies may say 0).</summary>
    int SizeHint => 0;
}
