namespace Npy;

/// <summary>The base of every error this library raises for malformed or over-limit input.</summary>
/// <remarks>
/// <para>
/// Catch this type to handle every kind of bad input with one clause: <see cref="NpyFormatException"/> (a malformed
/// <c>.npy</c> header or data), <see cref="NpzFormatException"/> (a malformed or inconsistent zip container) and
/// <see cref="NpyLimitExceededException"/> (an input that declares more than <see cref="NpyLimits"/> allows).
/// </para>
/// <para>
/// It plays the role of <see cref="InvalidDataException"/>, which is sealed and so cannot carry subclasses. Valid
/// but unsupported input (pickled object arrays, encrypted zip members) raises <see cref="NotSupportedException"/>
/// instead, and real I/O faults raise <see cref="IOException"/>.
/// </para>
/// </remarks>
public class NpyInvalidDataException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public NpyInvalidDataException()
        : base("The input is malformed.")
    {
    }

    /// <summary>Creates the exception with a message that says what is wrong.</summary>
    public NpyInvalidDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public NpyInvalidDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
