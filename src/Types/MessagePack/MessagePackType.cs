namespace Zhtp.Storage.Types.MessagePack;

#pragma warning disable CA1720 // The names are the specification's type names, as in MessagePack-CSharp.

/// <summary>The value families of MessagePack, as returned by <see cref="MessagePackReader.NextMessagePackType"/>.</summary>
public enum MessagePackType
{
    /// <summary>The reserved code 0xc1, which no valid message contains.</summary>
    Unknown = 0,
    /// <summary>Any integer format (fixint, negative fixint, uint 8..64, int 8..64).</summary>
    Integer = 1,
    /// <summary>nil.</summary>
    Nil = 2,
    /// <summary>true or false.</summary>
    Boolean = 3,
    /// <summary>float 32 or float 64.</summary>
    Float = 4,
    /// <summary>fixstr or str 8/16/32.</summary>
    String = 5,
    /// <summary>bin 8/16/32.</summary>
    Binary = 6,
    /// <summary>fixarray or array 16/32.</summary>
    Array = 7,
    /// <summary>fixmap or map 16/32.</summary>
    Map = 8,
    /// <summary>fixext 1..16 or ext 8/16/32 (the timestamp is an extension of type −1).</summary>
    Extension = 9,
}
