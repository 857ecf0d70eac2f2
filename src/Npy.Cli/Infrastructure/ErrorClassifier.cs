namespace Npy.Cli.Infrastructure;

/// <summary>Maps exceptions to exit codes and one-line messages.</summary>
internal static class ErrorClassifier
{
    /// <summary>Classifies an error: the exit code and a single line naming the file and the problem.</summary>
    public static (int ExitCode, string Message) Classify(Exception error)
    {
        string? file = null;
        Exception cause = error;
        if (error is FileFailureException failure)
        {
            file = failure.File;
            cause = failure.InnerException ?? failure;
        }

        int code = CodeOf(cause);
        string text = OneLine(cause.Message);
        if (code == ExitCodes.InternalError)
        {
            text = $"internal error ({cause.GetType().Name}): {text} Please report this with the input that caused it.";
        }

        return (code, file is null ? text : $"{file}: {text}");
    }

    /// <summary>Gets the exit code for an error (the library's documented exception vocabulary; anything else is a bug).</summary>
    public static int CodeOf(Exception cause) => cause switch
    {
        UsageException => ExitCodes.Usage,
        NpyInvalidDataException or NotSupportedException or NpyTypeMismatchException => ExitCodes.InvalidInput,
        FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException => ExitCodes.IoError,
        OperationCanceledException => ExitCodes.Cancelled,
        _ => ExitCodes.InternalError,
    };

    /// <summary>Folds a message onto one line.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
