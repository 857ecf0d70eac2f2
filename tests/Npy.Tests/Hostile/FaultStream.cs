namespace Npy.Tests.Hostile;

/// <summary>
/// Wraps a stream and, once <see cref="TriggerAt"/> bytes have been written through it, either throws a disk-full
/// <see cref="IOException"/> (the part of the write up to the trigger goes through first, as a real short write) or
/// cancels <see cref="Cancel"/> and counts the bytes written after that.
/// </summary>
internal sealed class FaultStream(Stream inner, long triggerAt, CancellationTokenSource? cancel = null) : Stream
{
    /// <summary>ENOSPC as Windows reports it (ERROR_DISK_FULL); on Unix .NET reports ENOSPC with its own HResult.</summary>
    public const int DiskFullHResult = unchecked((int)0x80070070);

    public long TriggerAt { get; } = triggerAt;
    public CancellationTokenSource? Cancel { get; } = cancel;
    public long Written { get; private set; }
    public long WrittenAfterTrigger { get; private set; }
    public bool Triggered { get; private set; }
    public bool Disposed { get; private set; }

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => inner.SetLength(value);
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Triggered)
        {
            WrittenAfterTrigger += buffer.Length;
            inner.Write(buffer);
            Written += buffer.Length;
            return;
        }

        if (Written + buffer.Length > TriggerAt || (buffer.Length == 0 && Written >= TriggerAt))
        {
            int before = (int)(TriggerAt - Written);
            inner.Write(buffer[..before]);
            Written += before;
            Triggered = true;
            if (Cancel is null)
            {
                throw new IOException("No space left on device (injected).", DiskFullHResult);
            }

            Cancel.Cancel();
            inner.Write(buffer[before..]);
            Written += buffer.Length - before;
            WrittenAfterTrigger += buffer.Length - before;
            return;
        }

        inner.Write(buffer);
        Written += buffer.Length;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
