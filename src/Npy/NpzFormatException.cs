namespace Npy;

/// <summary>Signals that a <c>.npz</c> archive (its zip container or one of its members) is malformed or inconsistent.</summary>
/// <remarks>Derives from <see cref="NpyInvalidDataException"/>, so callers can catch every malformed-input error with one clause.</remarks>
public class NpzFormatException : NpyInvalidDataException
{
    /// <summary>Creates the exception with a default message.</summary>
    public NpzFormatException()
        : base("The .npz archive is malformed.")
    {
    }

    /// <summary>Creates the exception with a message that says what is wrong.</summary>
    public NpzFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public NpzFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
