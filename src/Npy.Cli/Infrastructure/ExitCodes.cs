namespace Npy.Cli.Infrastructure;

/// <summary>The exit codes scripts rely on.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The inputs differ (<c>diff</c>) or a file failed verification (<c>verify</c>).</summary>
    public const int Different = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>An input is malformed, over a limit or uses an unsupported feature.</summary>
    public const int InvalidInput = 3;

    /// <summary>Reading or writing a file failed.</summary>
    public const int IoError = 4;

    /// <summary>A bug: an exception the tool does not expect. The message asks for a report.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
