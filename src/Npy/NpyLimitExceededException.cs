namespace Npy;

/// <summary>Signals that an input declares more than a configured limit of <see cref="NpyLimits"/> allows.</summary>
/// <remarks>
/// The input may be perfectly valid; it is refused because honouring it would cost more than the caller allowed.
/// Raise the limit named by <see cref="OptionName"/> (or the CLI flag in <see cref="CliFlag"/>) to accept it.
/// </remarks>
public class NpyLimitExceededException : NpyInvalidDataException
{
    /// <summary>Creates the exception with a default message.</summary>
    public NpyLimitExceededException()
        : base("An input limit was exceeded.")
    {
        LimitName = OptionName = CliFlag = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public NpyLimitExceededException(string message)
        : base(message)
    {
        LimitName = OptionName = CliFlag = string.Empty;
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public NpyLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
        LimitName = OptionName = CliFlag = string.Empty;
    }

    /// <summary>Creates the exception for one limit, composing a message that names the limit, the value found, the allowed value and how to raise it.</summary>
    /// <param name="limitName">What is limited, in words (for example "header length").</param>
    /// <param name="actual">The value the input declared.</param>
    /// <param name="allowed">The value currently allowed.</param>
    /// <param name="optionName">The <see cref="NpyLimits"/> property that raises the limit.</param>
    /// <param name="cliFlag">The command-line flag of the <c>npy</c> tool that raises it.</param>
    public NpyLimitExceededException(string limitName, long actual, long allowed, string optionName, string cliFlag)
        : base($"The input's {limitName} is {actual}, more than the allowed {allowed}. "
            + $"If you trust the input, raise {nameof(NpyLimits)}.{optionName} (command line: {cliFlag}).")
    {
        LimitName = limitName;
        Actual = actual;
        Allowed = allowed;
        OptionName = optionName;
        CliFlag = cliFlag;
    }

    /// <summary>Gets what is limited, in words.</summary>
    public string LimitName { get; }

    /// <summary>Gets the value the input declared.</summary>
    public long Actual { get; }

    /// <summary>Gets the value that was allowed.</summary>
    public long Allowed { get; }

    /// <summary>Gets the name of the <see cref="NpyLimits"/> property that raises the limit.</summary>
    public string OptionName { get; }

    /// <summary>Gets the command-line flag that raises the limit.</summary>
    public string CliFlag { get; }
}
