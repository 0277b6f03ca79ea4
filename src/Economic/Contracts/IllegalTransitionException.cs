namespace Zhtp.Storage.Economic.Contracts;

/// <summary>A transition that the contract lifecycle does not allow from the current state, or that is out of sequence, unsigned or signed by the wrong party.</summary>
public sealed class IllegalTransitionException : ContractException
{
    /// <summary>Creates the exception.</summary>
    public IllegalTransitionException(ContractState from, ContractEvent contractEvent, string message)
        : base(message)
    {
        From = from;
        Event = contractEvent;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public IllegalTransitionException()
        : base("The transition is not allowed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IllegalTransitionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public IllegalTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The state the contract was in.</summary>
    public ContractState From { get; }

    /// <summary>The event that was refused.</summary>
    public ContractEvent Event { get; }
}
