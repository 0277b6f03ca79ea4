using System.Text;
using Zhtp.Storage.Content.Search;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Search;

public sealed class KeywordsTests
{
    [Fact]
    public void KeyOf_IsBlake3OfPrefixAndLowercaseUtf8Word()
    {
        byte[] input = Encoding.UTF8.GetBytes("zhtp-keyword-v1" + "größe");
        var expected = new DhtKey(Blake3.Hasher.Hash(input).AsSpan());

        Assert.Equal(expected, Keywords.KeyOf("GRÖSSE".Replace("SS", "ß", StringComparison.Ordinal)));
        Assert.Equal(expected, Keywords.KeyOf(" größe "));
        Assert.NotEqual(expected, Keywords.KeyOf("grosse"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void KeyOf_EmptyWord_Throws(string word) => Assert.Throws<ArgumentException>(() => Keywords.KeyOf(word));

    [Fact]
    public void Of_FilenameWordsOfThreeOrMoreThenTags_LowercasedAndDistinct()
    {
        var metadata = new ContentMetadata { Filename = "My_Holiday-Photos.2025.JPG photos", Tags = ["Travel", "photos", "Sea Side"] };

        Assert.Equal(["holiday", "photos", "2025", "jpg", "travel", "sea side"], Keywords.Of(metadata));
    }

    [Fact]
    public void Of_ManyFilenameWords_KeepsFirstSixteen()
    {
        string filename = string.Join(' ', Enumerable.Range(100, 40).Select(n => "w" + n));

        IReadOnlyList<string> keywords = Keywords.Of(new ContentMetadata { Filename = filename });

        Assert.Equal(Enumerable.Range(100, 16).Select(n => "w" + n), keywords);
    }

    [Fact]
    public void IsKeywordOf_OnlyForTheMetadatasKeywords()
    {
        var metadata = new ContentMetadata { Filename = "report.pdf", Tags = ["q3"] };

        Assert.True(Keywords.IsKeywordOf(Keywords.KeyOf("REPORT"), metadata));
        Assert.True(Keywords.IsKeywordOf(Keywords.KeyOf("q3"), metadata));
        Assert.False(Keywords.IsKeywordOf(Keywords.KeyOf("pd"), metadata));
        Assert.False(Keywords.IsKeywordOf(Keywords.KeyOf("invoice"), metadata));
    }
}
