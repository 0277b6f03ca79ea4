namespace Zhtp.Storage.Economic.Contracts;

/// <summary>A contract is malformed, badly signed or used against its terms.</summary>
public class ContractException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public ContractException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner cause.</summary>
    public ContractException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ContractException()
        : base("The contract operation is invalid.")
    {
    }
}
