namespace Zhtp.Storage.Types.MessagePack;

#pragma warning disable CA1720 // The names are the specification's format names, as in MessagePack-CSharp.

/// <summary>
/// The first byte of every MessagePack token, named as in the MessagePack specification
/// (https://github.com/msgpack/msgpack/blob/master/spec.md#formats) and as in MessagePack-CSharp's
/// <c>MessagePackCode</c>.
/// </summary>
public static class MessagePackCode
{
    /// <summary>Lowest positive fixint (0x00).</summary>
    public const byte MinFixInt = 0x00;
    /// <summary>Highest positive fixint (0x7f).</summary>
    public const byte MaxFixInt = 0x7f;
    /// <summary>Lowest fixmap code (0x80, zero entries).</summary>
    public const byte MinFixMap = 0x80;
    /// <summary>Highest fixmap code (0x8f, 15 entries).</summary>
    public const byte MaxFixMap = 0x8f;
    /// <summary>Lowest fixarray code (0x90, zero elements).</summary>
    public const byte MinFixArray = 0x90;
    /// <summary>Highest fixarray code (0x9f, 15 elements).</summary>
    public const byte MaxFixArray = 0x9f;
    /// <summary>Lowest fixstr code (0xa0, empty string).</summary>
    public const byte MinFixStr = 0xa0;
    /// <summary>Highest fixstr code (0xbf, 31 bytes).</summary>
    public const byte MaxFixStr = 0xbf;
    /// <summary>nil.</summary>
    public const byte Nil = 0xc0;
    /// <summary>The code the specification never assigns (0xc1); always malformed.</summary>
    public const byte NeverUsed = 0xc1;
    /// <summary>false.</summary>
    public const byte False = 0xc2;
    /// <summary>true.</summary>
    public const byte True = 0xc3;
    /// <summary>bin 8: one length byte.</summary>
    public const byte Bin8 = 0xc4;
    /// <summary>bin 16: big-endian 16-bit length.</summary>
    public const byte Bin16 = 0xc5;
    /// <summary>bin 32: big-endian 32-bit length.</summary>
    public const byte Bin32 = 0xc6;
    /// <summary>ext 8: one length byte, then the type.</summary>
    public const byte Ext8 = 0xc7;
    /// <summary>ext 16: big-endian 16-bit length, then the type.</summary>
    public const byte Ext16 = 0xc8;
    /// <summary>ext 32: big-endian 32-bit length, then the type.</summary>
    public const byte Ext32 = 0xc9;
    /// <summary>float 32 (IEEE 754 single, big-endian).</summary>
    public const byte Float32 = 0xca;
    /// <summary>float 64 (IEEE 754 double, big-endian).</summary>
    public const byte Float64 = 0xcb;
    /// <summary>uint 8.</summary>
    public const byte UInt8 = 0xcc;
    /// <summary>uint 16.</summary>
    public const byte UInt16 = 0xcd;
    /// <summary>uint 32.</summary>
    public const byte UInt32 = 0xce;
    /// <summary>uint 64.</summary>
    public const byte UInt64 = 0xcf;
    /// <summary>int 8.</summary>
    public const byte Int8 = 0xd0;
    /// <summary>int 16.</summary>
    public const byte Int16 = 0xd1;
    /// <summary>int 32.</summary>
    public const byte Int32 = 0xd2;
    /// <summary>int 64.</summary>
    public const byte Int64 = 0xd3;
    /// <summary>fixext 1.</summary>
    public const byte FixExt1 = 0xd4;
    /// <summary>fixext 2.</summary>
    public const byte FixExt2 = 0xd5;
    /// <summary>fixext 4.</summary>
    public const byte FixExt4 = 0xd6;
    /// <summary>fixext 8.</summary>
    public const byte FixExt8 = 0xd7;
    /// <summary>fixext 16.</summary>
    public const byte FixExt16 = 0xd8;
    /// <summary>str 8: one length byte.</summary>
    public const byte Str8 = 0xd9;
    /// <summary>str 16: big-endian 16-bit length.</summary>
    public const byte Str16 = 0xda;
    /// <summary>str 32: big-endian 32-bit length.</summary>
    public const byte Str32 = 0xdb;
    /// <summary>array 16: big-endian 16-bit count.</summary>
    public const byte Array16 = 0xdc;
    /// <summary>array 32: big-endian 32-bit count.</summary>
    public const byte Array32 = 0xdd;
    /// <summary>map 16: big-endian 16-bit entry count.</summary>
    public const byte Map16 = 0xde;
    /// <summary>map 32: big-endian 32-bit entry count.</summary>
    public const byte Map32 = 0xdf;
    /// <summary>Lowest negative fixint (0xe0, −32).</summary>
    public const byte MinNegativeFixInt = 0xe0;
    /// <summary>Highest negative fixint (0xff, −1).</summary>
    public const byte MaxNegativeFixInt = 0xff;

    /// <summary>The value family a token starting with <paramref name="code"/> belongs to.</summary>
    /// <param name="code">The first byte of a token.</param>
    /// <returns><see cref="MessagePackType.Unknown"/> only for <see cref="NeverUsed"/>.</returns>
    public static MessagePackType ToMessagePackType(byte code) => code switch
    {
        <= MaxFixInt => MessagePackType.Integer,
        <= MaxFixMap => MessagePackType.Map,
        <= MaxFixArray => MessagePackType.Array,
        <= MaxFixStr => MessagePackType.String,
        Nil => MessagePackType.Nil,
        NeverUsed => MessagePackType.Unknown,
        False or True => MessagePackType.Boolean,
        Bin8 or Bin16 or Bin32 => MessagePackType.Binary,
        Ext8 or Ext16 or Ext32 => MessagePackType.Extension,
        Float32 or Float64 => MessagePackType.Float,
        >= UInt8 and <= Int64 => MessagePackType.Integer,
        >= FixExt1 and <= FixExt16 => MessagePackType.Extension,
        Str8 or Str16 or Str32 => MessagePackType.String,
        Array16 or Array32 => MessagePackType.Array,
        Map16 or Map32 => MessagePackType.Map,
        _ => MessagePackType.Integer,
    };

    /// <summary>The specification's name of the format whose first byte is <paramref name="code"/>
    /// (for example <c>"fixstr"</c>, <c>"uint 16"</c>), used in error messages.</summary>
    /// <param name="code">The first byte of a token.</param>
    /// <returns>A short, stable, human-readable name.</returns>
    public static string ToFormatName(byte code) => code switch
    {
        <= MaxFixInt => "positive fixint",
        <= MaxFixMap => "fixmap",
        <= MaxFixArray => "fixarray",
        <= MaxFixStr => "fixstr",
        Nil => "nil",
        NeverUsed => "never used (0xc1)",
        False => "false",
        True => "true",
        Bin8 => "bin 8",
        Bin16 => "bin 16",
        Bin32 => "bin 32",
        Ext8 => "ext 8",
        Ext16 => "ext 16",
        Ext32 => "ext 32",
        Float32 => "float 32",
        Float64 => "float 64",
        UInt8 => "uint 8",
        UInt16 => "uint 16",
        UInt32 => "uint 32",
        UInt64 => "uint 64",
        Int8 => "int 8",
        Int16 => "int 16",
        Int32 => "int 32",
        Int64 => "int 64",
        FixExt1 => "fixext 1",
        FixExt2 => "fixext 2",
        FixExt4 => "fixext 4",
        FixExt8 => "fixext 8",
        FixExt16 => "fixext 16",
        Str8 => "str 8",
        Str16 => "str 16",
        Str32 => "str 32",
        Array16 => "array 16",
        Array32 => "array 32",
        Map16 => "map 16",
        Map32 => "map 32",
        _ => "negative fixint",
    };
}
