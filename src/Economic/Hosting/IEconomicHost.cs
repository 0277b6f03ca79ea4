namespace Zhtp.Storage.Economic.Hosting;

/// <summary>A node's host side, attached by <see cref="EconomicHosting.AttachHost"/>: it answers quotes, signs contracts for shards it holds, holds replicated contracts and answers audits.</summary>
public interface IEconomicHost
{
    /// <summary>The contracts this node holds as one of the k closest to their ids.</summary>
    IContractHolder Holder { get; }

    /// <summary>The BLS key this node acknowledges contract steps with as a holder and signs its audit answers with as a host (served on <c>zhtp/economic/holder-key/1</c>), or null when it acknowledges with its node key (<see cref="EconomicHostOptions.AcknowledgeWithBls"/> false, the default).</summary>
    Attestations.HolderKey? HolderKey { get; }

    /// <summary>Quotes issued.</summary>
    long QuotesIssued { get; }

    /// <summary>Contracts signed.</summary>
    long ContractsSigned { get; }

    /// <summary>Sign requests refused (unknown quote, shard not held, terms off the quote).</summary>
    long SignaturesRefused { get; }
}
