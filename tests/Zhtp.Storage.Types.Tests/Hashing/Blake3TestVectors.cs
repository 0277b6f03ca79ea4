using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Zhtp.Storage.Types.Tests.Hashing;

/// <summary>The official BLAKE3 test vectors (../shared/vectors/blake3/test_vectors.json).</summary>
internal sealed class Blake3TestVectors
{
    private Blake3TestVectors(byte[] key, string context, IReadOnlyList<Blake3VectorCase> cases)
    {
        Key = key;
        Context = context;
        Cases = cases;
    }

    public static Blake3TestVectors Instance { get; } = Load();

    public byte[] Key { get; }

    public string Context { get; }

    public IReadOnlyList<Blake3VectorCase> Cases { get; }

    /// <summary>The input of a case: byte i is i mod 251.</summary>
    public static byte[] Input(int length)
    {
        var input = new byte[length];
        for (int i = 0; i < length; i++)
        {
            input[i] = (byte)(i % 251);
        }

        return input;
    }

    private static Blake3TestVectors Load()
    {
        string path = Path.Combine(RepositoryPaths.Root, "..", "shared", "vectors", "blake3", "test_vectors.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The BLAKE3 test vectors are missing: expected {Path.GetFullPath(path)} (the shared vectors folder next to the repository, ../shared/vectors).", path);
        }

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = doc.RootElement;
        var cases = new List<Blake3VectorCase>();
        foreach (JsonElement c in root.GetProperty("cases").EnumerateArray())
        {
            cases.Add(new Blake3VectorCase(
                c.GetProperty("input_len").GetInt32(),
                Convert.FromHexString(c.GetProperty("hash").GetString()!),
                Convert.FromHexString(c.GetProperty("keyed_hash").GetString()!),
                Convert.FromHexString(c.GetProperty("derive_key").GetString()!)));
        }

        return new Blake3TestVectors(
            System.Text.Encoding.ASCII.GetBytes(root.GetProperty("key").GetString()!),
            root.GetProperty("context_string").GetString()!,
            cases);
    }

}

/// <summary>One vector: input length and 131 bytes of output per mode.</summary>
internal sealed record Blake3VectorCase(int InputLength, byte[] Hash, byte[] KeyedHash, byte[] DeriveKey);
