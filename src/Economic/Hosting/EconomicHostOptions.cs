namespace Zhtp.Storage.Economic.Hosting;

/// <summary>How a node sells storage (<see cref="EconomicHosting.AttachHost"/>).</summary>
public sealed record EconomicHostOptions
{
    /// <summary>Pricing rules of the quotes this host gives. Default <see cref="EconomicConfig"/>'s defaults.</summary>
    public EconomicConfig Config { get; init; } = new();

    /// <summary>Contract time: quote issue and expiry, and the quote check before signing. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Source of quote ids. Default <see cref="Random.Shared"/>.</summary>
    public Random? Random { get; init; }

    /// <summary>Where the contracts this node holds (as one of the k closest to a contract id) are persisted; null keeps them in memory.</summary>
    public IContractStore? ContractStore { get; init; }

    /// <summary>Free capacity advertised in offers; null reads the node's own store (quota minus used).</summary>
    public long? CapacityBytes { get; init; }

    /// <summary>Region label of offers. Default "local".</summary>
    public string Region { get; init; } = "local";

    /// <summary>
    /// Whether this node, as a contract holder, acknowledges accepted deploys and transitions with a
    /// BLS signature (aggregated by the renter with the other holders' into one 96-byte signature), and,
    /// as a host, answers audits with a BLS signature (aggregated by the renter per billing period).
    /// False (default): with a signature by its node key, as nodes without a BLS key do; cheaper in CPU
    /// (docs/economics.md, "Holder attestations", has both costs). Renters of the previous release
    /// cannot read BLS audit answers.
    /// </summary>
    public bool AcknowledgeWithBls { get; init; }

    /// <summary>
    /// The holder's BLS secret key when <see cref="AcknowledgeWithBls"/> is set; null draws a fresh one
    /// at attach (kept in memory for the node's life; renters fetch the new key after a restart). A unified storage system
    /// with a data directory keeps its key in <c>economic/holder-bls.key</c>.
    /// The caller keeps ownership (disposal).
    /// </summary>
    public Zhtp.Storage.Types.Cryptography.Bls12381.SecretKey? BlsHolderKey { get; init; }

    /// <summary>Market conditions the host prices in; null reads utilization (used / quota) from the node's store.</summary>
    public Func<MarketConditions>? Market { get; init; }
}
