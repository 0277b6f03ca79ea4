using System.Text.Json;

namespace Zhtp.Storage.Types.Tests.Bls12381;

/// <summary>The BLS12-381 vectors in ../shared/vectors/bls12-381 (the Ethereum consensus BLS format): one JSON file per case.</summary>
internal static class BlsVectors
{
    /// <summary>Every case of one folder as (file name, parsed document root).</summary>
    public static TheoryData<string> Cases(string folder)
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(RepositoryPaths.Vectors(Path.Combine("bls12-381", folder)), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static JsonElement Load(string folder, string file)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryPaths.Vectors(Path.Combine("bls12-381", folder)), file)));
        return doc.RootElement.Clone();
    }

    /// <summary>A hex string with or without 0x.</summary>
    public static byte[] Hex(JsonElement e) => Hex(e.GetString()!);

    public static byte[] Hex(string s) => Convert.FromHexString(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s);
}
