using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Contracts;

/// <summary>
/// The terms one host agreed with one renter, signed by both: which shards, for how long, at what
/// price and under which SLA. Immutable; its <see cref="ContractId"/> is BLAKE3 of the canonical
/// encoding of the terms, so any change of terms is a different contract.
/// </summary>
public sealed record StorageContract
{
    private Hash256? _contractId;

    /// <summary>Creates empty terms (set every required member).</summary>
    public StorageContract()
    {
    }

    // A `with` copy must not inherit the cached id: any changed term changes the id.
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    private StorageContract(StorageContract original)
    {
        QuoteId = original.QuoteId;
        RenterKey = original.RenterKey;
        HostKey = original.HostKey;
        Shards = original.Shards;
        Tier = original.Tier;
        Replication = original.Replication;
        StartsAt = original.StartsAt;
        Duration = original.Duration;
        BillingPeriod = original.BillingPeriod;
        Value = original.Value;
        Fees = original.Fees;
        MaxPerformanceBonus = original.MaxPerformanceBonus;
        Sla = original.Sla;
        RenterSignature = original.RenterSignature;
        HostSignature = original.HostSignature;
    }

    /// <summary>The quote the terms come from.</summary>
    public required Hash256 QuoteId { get; init; }

    /// <summary>The renter's public key.</summary>
    public required ReadOnlyMemory<byte> RenterKey { get; init; }

    /// <summary>The host's public key.</summary>
    public required ReadOnlyMemory<byte> HostKey { get; init; }

    /// <summary>The shards the host stores (at most <see cref="ContractCodec.MaxShards"/>).</summary>
    public required IReadOnlyList<ShardTerms> Shards { get; init; }

    /// <summary>Storage tier.</summary>
    public required StorageTier Tier { get; init; }

    /// <summary>How many hosts hold the renter's data in the placement this contract belongs to.</summary>
    public required int Replication { get; init; }

    /// <summary>Start of the term.</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>Length of the term.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Length of one billing period (audits are evaluated and escrow released per period).</summary>
    public required TimeSpan BillingPeriod { get; init; }

    /// <summary>Contract value: what the host earns if every period passes (escrowed at funding).</summary>
    public required TokenAmount Value { get; init; }

    /// <summary>Network and escrow fees, paid to the treasury at funding.</summary>
    public required TokenAmount Fees { get; init; }

    /// <summary>Largest performance bonus (paid from the treasury at settlement).</summary>
    public required TokenAmount MaxPerformanceBonus { get; init; }

    /// <summary>The service levels and penalty schedule.</summary>
    public required SlaTerms Sla { get; init; }

    /// <summary>Renter's signature over the terms (empty until signed).</summary>
    public ReadOnlyMemory<byte> RenterSignature { get; init; }

    /// <summary>Host's signature over the terms (empty until signed).</summary>
    public ReadOnlyMemory<byte> HostSignature { get; init; }

    /// <summary>BLAKE3 of the canonical terms (signatures excluded); computed once per instance.</summary>
    public Hash256 ContractId => _contractId ??= ContractCodec.ContractId(this);

    /// <summary>Total bytes of the shards.</summary>
    public long SizeBytes => Shards.Sum(s => s.SizeBytes);

    /// <summary>The renter's node id.</summary>
    public NodeId Renter => NodeId.FromPublicKey(RenterKey.Span);

    /// <summary>The host's node id.</summary>
    public NodeId Host => NodeId.FromPublicKey(HostKey.Span);

    /// <summary>End of the term.</summary>
    public DateTimeOffset EndsAt => StartsAt + Duration;

    /// <summary>Number of billing periods: ceil(duration / period).</summary>
    public int Periods => (int)((Duration.Ticks + BillingPeriod.Ticks - 1) / BillingPeriod.Ticks);

    /// <summary>This contract with the renter's signature added.</summary>
    public StorageContract SignAsRenter(INodeSigner renter)
    {
        ArgumentNullException.ThrowIfNull(renter);
        RequireKey(renter, RenterKey, "renter");
        return this with { RenterSignature = SignedEnvelope.Sign(renter, ContractCodec.Domain, ContractCodec.EncodeTerms(this)) };
    }

    /// <summary>This contract with the host's signature added.</summary>
    public StorageContract SignAsHost(INodeSigner host)
    {
        ArgumentNullException.ThrowIfNull(host);
        RequireKey(host, HostKey, "host");
        return this with { HostSignature = SignedEnvelope.Sign(host, ContractCodec.Domain, ContractCodec.EncodeTerms(this)) };
    }

    /// <summary>True when both signatures verify over the terms.</summary>
    public bool IsSignedByBoth(ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        var terms = ContractCodec.EncodeTerms(this);
        return SignedEnvelope.Verify(verifier, RenterKey.Span, ContractCodec.Domain, terms, RenterSignature.Span)
            && SignedEnvelope.Verify(verifier, HostKey.Span, ContractCodec.Domain, terms, HostSignature.Span);
    }

    /// <summary>The canonical encoding (terms and both signatures).</summary>
    public byte[] Encode() => ContractCodec.Encode(this);

    /// <summary>Decodes <see cref="Encode"/>'s output (does not verify signatures).</summary>
    /// <exception cref="Zhtp.Storage.Types.MessagePack.MessagePackSerializationException">Malformed bytes.</exception>
    public static StorageContract Decode(ReadOnlyMemory<byte> encoded) => ContractCodec.Decode(encoded);

    /// <summary>Checks the terms are usable; throws <see cref="ContractException"/> naming the first problem.</summary>
    public void Validate()
    {
        if (Shards.Count == 0 || Shards.Count > ContractCodec.MaxShards)
        {
            throw new ContractException($"A contract covers 1 to {ContractCodec.MaxShards} shards, this one {Shards.Count}.");
        }

        if (Duration <= TimeSpan.Zero || BillingPeriod <= TimeSpan.Zero || BillingPeriod > Duration)
        {
            throw new ContractException($"Duration ({Duration}) and billing period ({BillingPeriod}) must be positive, the period no longer than the duration.");
        }

        if (Value.IsNegative || Fees.IsNegative || MaxPerformanceBonus.IsNegative || Replication < 1)
        {
            throw new ContractException("Value, fees and bonus must not be negative and replication must be at least 1.");
        }

        if (RenterKey.Span.SequenceEqual(HostKey.Span))
        {
            throw new ContractException("Renter and host must be different parties.");
        }
    }

    /// <inheritdoc />
    public bool Equals(StorageContract? other) =>
        other is not null && ContractCodec.Encode(this).AsSpan().SequenceEqual(ContractCodec.Encode(other));

    /// <inheritdoc />
    public override int GetHashCode() => ContractId.GetHashCode();

    private static void RequireKey(INodeSigner signer, ReadOnlyMemory<byte> expected, string role)
    {
        if (!signer.PublicKey.Span.SequenceEqual(expected.Span))
        {
            throw new ContractException($"The signer's key is not the contract's {role} key; sign with the {role}'s own key.");
        }
    }
}
