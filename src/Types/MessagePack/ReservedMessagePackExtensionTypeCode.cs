namespace Zhtp.Storage.Types.MessagePack;

/// <summary>Extension type codes reserved by the MessagePack specification.</summary>
public static class ReservedMessagePackExtensionTypeCode
{
    /// <summary>The timestamp extension (−1): 4, 8 or 12 data bytes.</summary>
    public const sbyte DateTime = -1;
}
