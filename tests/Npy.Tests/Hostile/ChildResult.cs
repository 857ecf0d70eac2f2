namespace Npy.Tests.Hostile;

/// <summary>How a child process ended: its exit code (-1 if killed at the timeout) and what it wrote.</summary>
internal sealed record ChildResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);
