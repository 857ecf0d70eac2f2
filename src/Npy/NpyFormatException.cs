namespace Npy;

/// <summary>Signals that bytes claiming to be a <c>.npy</c> array (header or data) are malformed.</summary>
/// <remarks>Derives from <see cref="NpyInvalidDataException"/>, so callers can catch every malformed-input error with one clause.</remarks>
public class NpyFormatException : NpyInvalidDataException
{
    /// <summary>Creates the exception with a default message.</summary>
    public NpyFormatException()
        : base("The .npy data is malformed.")
    {
    }

    /// <summary>Creates the exception with a message that says what is wrong.</summary>
    public NpyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public NpyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
