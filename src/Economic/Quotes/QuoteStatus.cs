namespace Zhtp.Storage.Economic.Quotes;

/// <summary>The result of checking a quote.</summary>
public enum QuoteStatus
{
    /// <summary>Signed by its host, priced correctly, and still valid.</summary>
    Valid = 0,

    /// <summary>Past its expiry.</summary>
    Expired = 1,

    /// <summary>Issued in the future (clock skew beyond tolerance) or with expiry not after issue.</summary>
    BadTimes = 2,

    /// <summary>The signature does not verify with the host key.</summary>
    BadSignature = 3,

    /// <summary>The items do not match what the pricing rules give for the request and market.</summary>
    PriceMismatch = 4,
}
