namespace Zhtp.Storage.Economic;

/// <summary>A price or quote cannot be computed from the given request (bad size, duration, replication or market input).</summary>
public sealed class PricingException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong and what to change.</summary>
    public PricingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public PricingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public PricingException()
        : base("The price could not be computed.")
    {
    }
}
