using System.Text;
using Zhtp.Storage.Erasure.Streaming;

namespace Zhtp.Storage.Erasure.Tests.Streaming;

[Collection("Crc32C software switch")]
public sealed class Crc32CTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Append_CheckString_MatchesRfc3720Value(bool software)
    {
        Crc32C.ForceSoftware = software;
        try
        {
            Assert.Equal(0xE3069283u, Crc32C.Append(0, Encoding.ASCII.GetBytes("123456789")));
            Assert.Equal(0x8A9136AAu, Crc32C.Append(0, new byte[32]));
        }
        finally
        {
            Crc32C.ForceSoftware = false;
        }
    }

    [Fact]
    public void Append_InPieces_EqualsWhole()
    {
        var data = new byte[1000];
        new Random(5).NextBytes(data);
        uint whole = Crc32C.Append(0, data);
        Assert.Equal(whole, Crc32C.Append(Crc32C.Append(0, data.AsSpan(0, 333)), data.AsSpan(333)));
        Crc32C.ForceSoftware = true;
        try
        {
            Assert.Equal(whole, Crc32C.Append(0, data));
        }
        finally
        {
            Crc32C.ForceSoftware = false;
        }
    }
}
