using System.CommandLine;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp bls keygen|sign|verify</c>: BLS12-381 signatures of the POP ciphersuite for scripts and
/// interop checks. Keys come from an IKM (KeyGen of the draft) given as hex; messages are hex.
/// keygen prints the secret key and the public key (one hex line each), sign prints the
/// signature, verify exits 0 when valid and 1 when not; malformed arguments exit 2.
/// </summary>
internal sealed class BlsCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("bls", "BLS12-381 signatures (ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_): keygen, sign, verify.");
        command.Subcommands.Add(BuildKeyGen());
        command.Subcommands.Add(BuildSign());
        command.Subcommands.Add(BuildVerify());
        return command;
    }

    private static Option<string> Hex(string name, string description) => new(name) { Description = description, Required = true };

    private static Command BuildKeyGen()
    {
        Option<string> ikm = Hex("--ikm", "Input key material as hex, at least 32 bytes.");
        var command = new Command("keygen", "Prints the secret key and the public key (hex, one per line) derived from --ikm.");
        command.Options.Add(ikm);
        command.SetAction(result => Run(result, "keygen", () =>
        {
            using SecretKey key = SecretKey.KeyGen(ParseHex(result.GetValue(ikm)!, "--ikm"));
            TextWriter output = result.InvocationConfiguration.Output;
            output.WriteLine(Convert.ToHexStringLower(key.ToBytes()));
            output.WriteLine(key.PublicKey.ToString());
            return 0;
        }));
        return command;
    }

    private static Command BuildSign()
    {
        Option<string> ikm = Hex("--ikm", "Input key material as hex, at least 32 bytes (the key is KeyGen(IKM)).");
        Option<string> message = Hex("--message", "The message as hex (may be empty).");
        var command = new Command("sign", "Prints the 96-byte signature (hex) of --message by KeyGen(--ikm).");
        command.Options.Add(ikm);
        command.Options.Add(message);
        command.SetAction(result => Run(result, "sign", () =>
        {
            using SecretKey key = SecretKey.KeyGen(ParseHex(result.GetValue(ikm)!, "--ikm"));
            result.InvocationConfiguration.Output.WriteLine(key.Sign(ParseHex(result.GetValue(message)!, "--message")).ToString());
            return 0;
        }));
        return command;
    }

    private static Command BuildVerify()
    {
        Option<string> publicKey = Hex("--public-key", "The 48-byte compressed public key as hex.");
        Option<string> message = Hex("--message", "The message as hex (may be empty).");
        Option<string> signature = Hex("--signature", "The 96-byte compressed signature as hex.");
        var command = new Command("verify", "Exits 0 when --signature is a valid signature of --message by --public-key, 1 when not (also for keys or signatures that do not decode).");
        command.Options.Add(publicKey);
        command.Options.Add(message);
        command.Options.Add(signature);
        command.SetAction(result => Run(result, "verify", () =>
        {
            byte[] pkBytes = ParseHex(result.GetValue(publicKey)!, "--public-key");
            byte[] msg = ParseHex(result.GetValue(message)!, "--message");
            byte[] sigBytes = ParseHex(result.GetValue(signature)!, "--signature");
            bool valid = PublicKey.TryFromBytes(pkBytes, out PublicKey? pk)
                && Signature.TryFromBytes(sigBytes, out Signature? sig)
                && Bls.Verify(pk, msg, sig);
            result.InvocationConfiguration.Output.WriteLine(valid ? "valid" : "invalid");
            return valid ? 0 : 1;
        }));
        return command;
    }

    private static int Run(ParseResult result, string name, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            result.InvocationConfiguration.Error.WriteLine($"zhtp bls {name}: {e.Message}");
            return 2;
        }
    }

    private static byte[] ParseHex(string text, string option)
    {
        string hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException($"{option} is not hex (an even number of 0-9a-f digits, optionally prefixed with 0x).");
        }
    }
}
