namespace Zhtp.Storage.Economic.Ledger;

/// <summary>What an account of the ledger stands for.</summary>
public enum AccountKind
{
    /// <summary>The one mint source: its balance is minus the total supply; only a mint posting may debit it.</summary>
    Mint = 0,

    /// <summary>A renter (user) paying for storage.</summary>
    User = 1,

    /// <summary>A storage host earning for storage.</summary>
    Host = 2,

    /// <summary>The escrow of one contract: the funds locked for it and not yet released, slashed or refunded.</summary>
    Escrow = 3,

    /// <summary>The treasury, which collects network and escrow fees and pays performance bonuses.</summary>
    Treasury = 4,

    /// <summary>The penalty pool, which collects its share of penalties and pays rewards.</summary>
    PenaltyPool = 5,
}
