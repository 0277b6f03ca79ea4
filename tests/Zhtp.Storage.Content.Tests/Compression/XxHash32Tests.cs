using System.Text;
using Zhtp.Storage.Content.Compression;

namespace Zhtp.Storage.Content.Tests.Compression;

public class XxHash32Tests
{
    [Theory]
    [InlineData("", 0u, 0x02CC5D05u)]
    [InlineData("a", 0u, 0x550D7456u)]
    [InlineData("abc", 0u, 0x32D153FFu)]
    [InlineData("Nobody inspects the spammish repetition", 0u, 0xE2293B2Fu)]
    public void Hash_PublishedVectors_Match(string text, uint seed, uint expected)
    {
        Assert.Equal(expected, XxHash32.Hash(Encoding.ASCII.GetBytes(text), seed));
    }

    [Fact]
    public void Update_AnySplit_EqualsOneShot()
    {
        byte[] data = TestData.Random(7, 1000);
        var random = new Random(11);
        for (int length = 0; length <= 200; length++)
        {
            var state = new XxHash32State(123);
            int pos = 0;
            while (pos < length)
            {
                int take = Math.Min(length - pos, random.Next(0, 40));
                state.Update(data.AsSpan(pos, take));
                pos += take;
            }

            Assert.Equal(XxHash32.Hash(data.AsSpan(0, length), 123), state.Digest());
        }
    }

    [Fact]
    public void Hash_DifferentSeeds_Differ()
    {
        byte[] data = TestData.Random(3, 64);
        Assert.NotEqual(XxHash32.Hash(data, 0), XxHash32.Hash(data, 1));
    }
}
