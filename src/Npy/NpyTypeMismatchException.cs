namespace Npy;

/// <summary>Signals that a CLR element type was requested for an array whose dtype it cannot represent.</summary>
/// <remarks>This is a caller mistake, not malformed input: the file is fine, the requested view of it is not.</remarks>
public class NpyTypeMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public NpyTypeMismatchException()
        : base("The requested element type does not match the array's dtype.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NpyTypeMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public NpyTypeMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a CLR type and the dtype it does not match.</summary>
    /// <param name="requested">The CLR element type the caller asked for.</param>
    /// <param name="dtype">The array's dtype, as NumPy writes it (for example <c>&lt;f8</c>).</param>
    public NpyTypeMismatchException(Type requested, string dtype)
        : base($"Element type {requested?.Name} cannot represent dtype '{dtype}'.")
    {
        RequestedType = requested;
        DType = dtype;
    }

    /// <summary>Gets the CLR element type the caller asked for.</summary>
    public Type? RequestedType { get; }

    /// <summary>Gets the dtype of the array, as NumPy writes it.</summary>
    public string? DType { get; }
}
