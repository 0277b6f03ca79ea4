using System.Text;
using System.Text.Json;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// Zhtp's BLS12-381 against two implementations that share no code with it, through
/// tools/bls-node/bls.mjs: @chainsafe/blst (native blst) and @noble/curves (pure JS). Both ways:
/// their keys, public keys, signatures and proofs of possession from random IKMs and messages must
/// equal ours, and both must accept our signatures and reject tampered ones.
/// </summary>
public sealed class BlsCrossImplementationTests
{
    private static readonly NodeTool Tool = new("bls-node", "bls.mjs", "@chainsafe/blst");

    [Fact]
    public async Task TheirKeysAndSignatures_EqualOurs()
    {
        ProcessResult result = await Tool.RunAsync(["cases", "24", $"zhtp-{DateTime.UtcNow:yyyyMMdd}"], null);
        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument doc = JsonDocument.Parse(result.Text);
        int n = 0;
        foreach (JsonElement c in doc.RootElement.EnumerateArray())
        {
            string context = $"case {n} ikm={c.GetProperty("ikm").GetString()} msg={c.GetProperty("msg").GetString()}";
            byte[] msg = Hex(c, "msg");
            using SecretKey sk = SecretKey.KeyGen(Hex(c, "ikm"));
            Assert.True(Convert.ToHexStringLower(sk.ToBytes()) == c.GetProperty("sk").GetString(), $"KeyGen differs from blst: {context}");
            Assert.True(sk.PublicKey.ToString() == c.GetProperty("pk").GetString(), $"public key differs from blst: {context}");
            Assert.True(sk.PublicKey.ToString() == c.GetProperty("noble_pk").GetString(), $"public key differs from noble: {context}");
            Signature sig = sk.Sign(msg);
            Assert.True(sig.ToString() == c.GetProperty("sig").GetString(), $"signature differs from blst: {context}");
            Assert.True(sig.ToString() == c.GetProperty("noble_sig").GetString(), $"signature differs from noble: {context}");
            Assert.True(sk.ProvePossession().ToString() == c.GetProperty("pop").GetString(), $"proof of possession differs from noble: {context}");
            Assert.True(Bls.Verify(PublicKey.FromBytes(Hex(c, "pk")), msg, Signature.FromBytes(Hex(c, "sig"))), $"blst's signature does not verify: {context}");
            n++;
        }

        Assert.Equal(24, n);
    }

    [Fact]
    public async Task OurSignatures_VerifyInBlstAndNoble_TamperedOnesDoNot()
    {
        var random = new Random(Environment.TickCount);
        var items = new List<object>();
        var expected = new List<bool>();
        var contexts = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            byte[] ikm = new byte[32 + i];
            random.NextBytes(ikm);
            byte[] msg = new byte[random.Next(0, 80)];
            random.NextBytes(msg);
            using SecretKey sk = SecretKey.KeyGen(ikm);
            Signature sig = sk.Sign(msg);
            bool tamper = i % 3 == 2;
            byte[] shown = tamper ? [.. msg, 0x01] : msg;
            items.Add(new { pk = sk.PublicKey.ToString(), msg = Convert.ToHexStringLower(shown), sig = sig.ToString() });
            expected.Add(!tamper);
            contexts.Add($"ikm={Convert.ToHexStringLower(ikm)} msg={Convert.ToHexStringLower(msg)} tampered={tamper}");
        }

        ProcessResult result = await Tool.RunAsync(["check"], Encoding.UTF8.GetBytes(JsonSerializer.Serialize(items)));
        Assert.True(result.ExitCode == 0, result.Error);
        using JsonDocument doc = JsonDocument.Parse(result.Text);
        JsonElement[] answers = [.. doc.RootElement.EnumerateArray()];
        Assert.Equal(expected.Count, answers.Length);
        for (int i = 0; i < answers.Length; i++)
        {
            Assert.True(answers[i].GetProperty("blst").GetBoolean() == expected[i], $"blst says {!expected[i]}: {contexts[i]}");
            Assert.True(answers[i].GetProperty("noble").GetBoolean() == expected[i], $"noble says {!expected[i]}: {contexts[i]}");
        }
    }

    [Fact]
    public async Task Cli_KeygenSignVerify_MatchBlst()
    {
        ProcessResult cases = await Tool.RunAsync(["cases", "1", "cli"], null);
        Assert.True(cases.ExitCode == 0, cases.Error);
        using JsonDocument doc = JsonDocument.Parse(cases.Text);
        JsonElement c = doc.RootElement[0];
        string ikm = c.GetProperty("ikm").GetString()!, msg = c.GetProperty("msg").GetString()!;

        ProcessResult keygen = await ZhtpProcess.RunZhtpAsync(["bls", "keygen", "--ikm", ikm]);
        Assert.Equal(0, keygen.ExitCode);
        Assert.Equal([c.GetProperty("sk").GetString()!, c.GetProperty("pk").GetString()!], keygen.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        ProcessResult sign = await ZhtpProcess.RunZhtpAsync(["bls", "sign", "--ikm", ikm, "--message", msg]);
        Assert.Equal(0, sign.ExitCode);
        Assert.Equal(c.GetProperty("sig").GetString(), sign.Text.Trim());

        string pk = c.GetProperty("pk").GetString()!, sig = c.GetProperty("sig").GetString()!;
        Assert.Equal(0, (await ZhtpProcess.RunZhtpAsync(["bls", "verify", "--public-key", pk, "--message", msg, "--signature", sig])).ExitCode);
        Assert.Equal(1, (await ZhtpProcess.RunZhtpAsync(["bls", "verify", "--public-key", pk, "--message", msg + "00", "--signature", sig])).ExitCode);
        Assert.Equal(1, (await ZhtpProcess.RunZhtpAsync(["bls", "verify", "--public-key", pk, "--message", msg, "--signature", "c0" + new string('0', 190)])).ExitCode);
    }

    private static byte[] Hex(JsonElement e, string name) => Convert.FromHexString(e.GetProperty(name).GetString()!);
}
