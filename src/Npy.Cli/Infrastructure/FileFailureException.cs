namespace Npy.Cli.Infrastructure;

/// <summary>Carries the file an error happened in, so the one-line message can name it.</summary>
internal sealed class FileFailureException : Exception
{
    public FileFailureException()
    {
        File = string.Empty;
    }

    public FileFailureException(string message)
        : base(message)
    {
        File = string.Empty;
    }

    public FileFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = string.Empty;
    }

    public FileFailureException(string file, string message, Exception innerException)
        : base(message, innerException)
    {
        File = file;
    }

    /// <summary>Gets the file as the user named it (<c>-</c> for standard input or output).</summary>
    public string File { get; }

    /// <summary>Runs an action and attributes any failure to a file.</summary>
    public static T Attribute<T>(string file, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not FileFailureException and not OperationCanceledException)
        {
            throw new FileFailureException(file, e.Message, e);
        }
    }

    /// <summary>Runs an action and attributes any failure to a file.</summary>
    public static void Attribute(string file, Action action) => Attribute(file, () =>
    {
        action();
        return 0;
    });
}
