using System.Buffers;
using Zhtp.Storage.Content.Security;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Content.Vault;

/// <summary>
/// The credential vault over one DHT node. The record is an identity record (docs/protocol.md) named
/// <see cref="Name"/>: value = <c>[public identity, payload]</c> with payload = <c>["zhtp-vault", 1, sealed
/// private keys (bin)]</c> (<see cref="ZhtpIdentity.ExportSealed"/>), signed by the identity itself, sequence
/// one above the copy found before storing.
/// </summary>
internal sealed class IdentityVault(IDhtNode node, IdentityVaultOptions options) : IIdentityVault
{
    public const string Name = "zhtp/identity-vault";
    private const string Magic = "zhtp-vault";
    private const int MaxSealed = 64 * 1024;

    public async Task StoreAsync(ZhtpIdentity identity, string passphrase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);

        // Argon2id costs tens of milliseconds and 64 MiB: off the caller's thread.
        byte[] sealedKeys = await Task.Run(() => identity.ExportSealed(passphrase, options.Parameters), cancellationToken).ConfigureAwait(false);
        DhtRecord? existing = (await node.FindValueAsync(IdentityRecords.KeyOf(identity.Id), cancellationToken).ConfigureAwait(false)).Record;
        ulong sequence = existing is not null && IdentityRecords.IsValid(existing) ? existing.Sequence + 1 : 1;
        byte[] value = IdentityRecords.EncodeValue(identity.Public, Payload(sealedKeys));
        using INodeSigner signer = IdentitySigners.ForIdentityRecords(identity);
        StoreResult stored = await node.PutSignedAsync(signer, Name, sequence, value, cancellationToken).ConfigureAwait(false);
        if (stored.StoredOn.Count == 0)
        {
            throw new IdentityVaultException(IdentityVaultError.NotStored, $"The vault record of identity {identity.Id} was stored on no node ({stored.Refused.Count} refused); the network may be unreachable. Retry later.");
        }
    }

    public async Task<ZhtpIdentity> RetrieveAsync(IdentityId id, string passphrase, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        byte[] sealedKeys = await FetchAsync(id, cancellationToken).ConfigureAwait(false);
        ZhtpIdentity restored;
        try
        {
            restored = await Task.Run(() => ZhtpIdentity.ImportSealed(sealedKeys, passphrase), cancellationToken).ConfigureAwait(false);
        }
        catch (SealedDataFormatException e)
        {
            throw new IdentityVaultException(IdentityVaultError.Tampered, $"The vault record of identity {id} verifies but its sealed keys do not open as a sealed identity: {e.Message}", e);
        }

        if (restored.Id != id)
        {
            restored.Dispose();
            throw new IdentityVaultException(IdentityVaultError.Tampered, $"The vault record of identity {id} holds the keys of another identity ({restored.Id}); it is rejected.");
        }

        return restored;
    }

    public async Task<bool> ExistsAsync(IdentityId id, CancellationToken cancellationToken = default)
    {
        try
        {
            await FetchAsync(id, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (IdentityVaultException)
        {
            return false;
        }
    }

    /// <summary>The sealed keys of a vault record that is a valid identity record of <paramref name="id"/> (checked here too: a local copy is not validated by the DHT).</summary>
    private async Task<byte[]> FetchAsync(IdentityId id, CancellationToken cancellationToken)
    {
        DhtKey key = IdentityRecords.KeyOf(id);
        DhtRecord? record = (await node.FindValueAsync(key, cancellationToken).ConfigureAwait(false)).Record;
        if (record is null || record.Key != key)
        {
            throw new IdentityVaultException(IdentityVaultError.NotFound, $"No vault record of identity {id} was found in the DHT; store it first (IIdentityVault.StoreAsync), or retry when more nodes are reachable.");
        }

        if (record.Name != Name || !IdentityRecords.IsValid(record) || !IdentityRecords.TryReadValue(record.Value, out _, out ReadOnlyMemory<byte> payload)
            || !TryReadPayload(payload, out byte[]? sealedKeys))
        {
            throw new IdentityVaultException(IdentityVaultError.Tampered, $"The record found under identity {id} is not a valid vault record signed by that identity (altered, forged or of another kind); it is rejected.");
        }

        return sealedKeys;
    }

    private static byte[] Payload(byte[] sealedKeys)
    {
        var buffer = new ArrayBufferWriter<byte>(sealedKeys.Length + 32);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write(Magic);
        writer.Write(1);
        writer.Write(sealedKeys);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryReadPayload(ReadOnlyMemory<byte> payload, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? sealedKeys)
    {
        sealedKeys = null;
        try
        {
            var reader = new MessagePackReader(payload);
            if (reader.ReadArrayHeader() != 3 || reader.ReadString() != Magic || reader.ReadInt32() != 1
                || !reader.TryReadBytesSpan(out ReadOnlySpan<byte> bytes) || bytes.Length > MaxSealed || !reader.End)
            {
                return false;
            }

            sealedKeys = bytes.ToArray();
            return true;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            return false;
        }
    }
}
