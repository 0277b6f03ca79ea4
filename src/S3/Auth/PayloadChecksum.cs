using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Zhtp.Storage.S3.Auth;

/// <summary>
/// The flexible checksums S3 clients send (x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1, -sha256), computed over
/// the decoded body and compared with the base64 value the client sent (big-endian for the CRCs).
/// </summary>
internal sealed class PayloadChecksum : IDisposable
{
    private static readonly uint[] Crc32CTable = Crc32Table(0x82F63B78u);
    private static readonly ulong[] Crc64NvmeTable = Crc64Table(0x9A6C9329AC4BC9B5ul);
    private readonly string _algorithm;
    private readonly Crc32? _crc32;
    private readonly IncrementalHash? _hash;
    private uint _crc32c = 0xFFFFFFFFu;
    private ulong _crc64 = ulong.MaxValue;

    private PayloadChecksum(string algorithm)
    {
        _algorithm = algorithm;
        switch (algorithm)
        {
            case "crc32":
                _crc32 = new Crc32();
                break;
            case "sha1":
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
                break;
            case "sha256":
                _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                break;
        }
    }

    /// <summary>The header name of the checksum (x-amz-checksum-crc32, ...).</summary>
    public string HeaderName => "x-amz-checksum-" + _algorithm;

    /// <summary>A checksum for header <paramref name="headerName"/>, or null when it names none this gateway knows.</summary>
    public static PayloadChecksum? For(string headerName)
    {
        const string Prefix = "x-amz-checksum-";
        if (!headerName.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string algorithm = headerName[Prefix.Length..].ToLowerInvariant();
        return algorithm is "crc32" or "crc32c" or "crc64nvme" or "sha1" or "sha256" ? new PayloadChecksum(algorithm) : null;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_crc32 is not null)
        {
            _crc32.Append(data);
        }
        else if (_hash is not null)
        {
            _hash.AppendData(data);
        }
        else if (_algorithm == "crc32c")
        {
            uint crc = _crc32c;
            foreach (byte b in data)
            {
                crc = Crc32CTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            _crc32c = crc;
        }
        else
        {
            ulong crc = _crc64;
            foreach (byte b in data)
            {
                crc = Crc64NvmeTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            _crc64 = crc;
        }
    }

    /// <summary>The checksum as S3 writes it: base64 of the big-endian value or of the digest.</summary>
    public string ToBase64()
    {
        if (_crc32 is not null)
        {
            byte[] value = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(value, _crc32.GetCurrentHashAsUInt32());
            return Convert.ToBase64String(value);
        }

        if (_hash is not null)
        {
            return Convert.ToBase64String(_hash.GetCurrentHash());
        }

        if (_algorithm == "crc32c")
        {
            byte[] value = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(value, ~_crc32c);
            return Convert.ToBase64String(value);
        }

        byte[] value64 = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value64, ~_crc64);
        return Convert.ToBase64String(value64);
    }

    public void Dispose() => _hash?.Dispose();

    private static uint[] Crc32Table(uint polynomial)
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }

    private static ulong[] Crc64Table(ulong polynomial)
    {
        var table = new ulong[256];
        for (ulong i = 0; i < 256; i++)
        {
            ulong c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
