namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>Where a DKG session stands.</summary>
public enum DkgPhase
{
    /// <summary>Created; <see cref="IDkgSession.Start"/> not yet called.</summary>
    NotStarted = 0,

    /// <summary>Announcing encryption keys and dealing shares.</summary>
    Dealing = 1,

    /// <summary>Complaints against dealers whose share was missing or failed the Feldman check are broadcast.</summary>
    Complaining = 2,

    /// <summary>Accused dealers reveal the disputed shares; everyone checks them.</summary>
    Revealing = 3,

    /// <summary>Finished: <see cref="IDkgSession.Result"/> holds the key share.</summary>
    Completed = 4,

    /// <summary>Finished without a key: fewer than t dealers qualified.</summary>
    Failed = 5,
}
