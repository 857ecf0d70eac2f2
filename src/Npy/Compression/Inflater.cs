using System.Buffers;
using System.Runtime.CompilerServices;

namespace Npy.Compression;

/// <summary>A raw deflate decoder (RFC 1951) exposed as a read-only stream, accepting exactly what zlib accepts.</summary>
/// <remarks>
/// <para>
/// A member NumPy wrote is one deflate stream, and inflating it is most of the time of loading it. This decoder
/// reads the compressed bytes 256 KiB at a time into its own buffer and decodes straight into the caller's memory;
/// its hot loop (<see cref="DecodeFast"/>) refills a 64-bit bit buffer once per match or per up to three literals,
/// and copies matches 8 or 16 bytes at a time. It can also start at a block boundary inside a stream and decode
/// without the output before it (<see cref="DecodeSymbols"/>), which is what lets <see cref="SplitInflate"/> use two
/// cores on one stream.
/// </para>
/// <para>
/// It refuses what zlib refuses (block type 3, bad stored lengths, too many symbols, over-subscribed or incomplete
/// codes except the single one-bit code zlib allows, a missing end-of-block code, repeats without a previous length or
/// past the end, invalid codes, distances before the start) with <see cref="InvalidDataException"/>, and, like
/// .NET's <see cref="System.IO.Compression.DeflateStream"/>, it ends quietly when the input ends before the final
/// block (the caller sees the data is short) and ignores whatever follows the final block.
/// </para>
/// </remarks>
internal sealed unsafe partial class Inflater : Stream
{
    /// <summary>The first marker value of <see cref="DecodeSymbols"/>; literals are below it.</summary>
    public const int MarkerBase = 256;

    private const int InputSize = 256 << 10;
    private const int WindowSize = 32 << 10;

    private readonly Stream? _source;
    private readonly bool _leaveOpen;
    private readonly byte[]? _inputBuffer;
    private readonly Tables _tables;
    private readonly long _origin;
    private MemoryHandle _pin;
    private byte* _input;
    private long _fetched;
    private int _skipBits;
    private int _inputPosition;
    private int _inputEnd;
    private bool _sourceEnded;

    // Bits not yet consumed, least significant first. Above _bitCount the buffer holds either zeros or the true
    // following input bits (the 8-byte refill loads whole words), so OR-ing further input in at _bitCount is exact.
    private ulong _bits;
    private int _bitCount;

    // Zero bits counted in _bitCount past the end of the input (only ever at the end): consuming into them means the
    // stream is truncated.
    private int _paddingBits;

    private State _state;
    private bool _finalBlock;
    private int _storedRemaining;
    private int _matchRemaining;
    private int _matchDistance;
    private uint* _literalLengths;
    private uint* _distances;
    private int _windowLength;
    private long _totalOut;
    private long _stopAt = long.MaxValue;
    private long _boundaryBit;
    private bool _faulted;
    private int _boundaryOutput;

    /// <summary>Decodes the deflate stream read from <paramref name="source"/>.</summary>
    /// <param name="source">The compressed bytes.</param>
    /// <param name="leaveOpen">Whether disposing this decoder leaves <paramref name="source"/> open.</param>
    /// <param name="origin">Byte offset of <paramref name="source"/>'s start in the whole stream, for <see cref="BitPosition"/>.</param>
    /// <param name="skipBits">Bits (0–7) of the first byte that precede the first block to decode.</param>
    public Inflater(Stream source, bool leaveOpen, long origin = 0, int skipBits = 0)
    {
        _source = source;
        _leaveOpen = leaveOpen;
        _origin = origin;
        _skipBits = skipBits;
        _inputBuffer = GC.AllocateUninitializedArray<byte>(InputSize, pinned: true);
        _input = (byte*)Unsafe.AsPointer(ref _inputBuffer[0]);
        _tables = Tables.Rent();
    }

    /// <summary>Decodes the deflate stream held whole in <paramref name="compressed"/>, which stays pinned until disposal.</summary>
    public Inflater(ReadOnlyMemory<byte> compressed)
    {
        _pin = compressed.Pin();
        _input = (byte*)_pin.Pointer;
        _inputEnd = compressed.Length;
        _fetched = compressed.Length;
        _sourceEnded = true;
        _tables = Tables.Rent();
    }

    private enum State
    {
        BlockHeader,
        Stored,
        Codes,
        Done,
        Truncated,
    }

    /// <summary>Gets the number of input bits consumed so far, counted from the start of the whole stream.</summary>
    public long BitPosition => (8 * (_origin + _fetched - (_inputEnd - _inputPosition))) - (_bitCount - _paddingBits);

    /// <summary>Gets or sets a bit position at which decoding pauses: reads return 0 at the first block boundary at or past it.</summary>
    public long StopAt
    {
        get => _stopAt;
        set => _stopAt = value;
    }

    /// <summary>Gets whether the decoder is paused at a block boundary because of <see cref="StopAt"/>.</summary>
    /// <remarks>Never after the final block: what follows the stream is not a boundary of it.</remarks>
    public bool Stopped => _state == State.BlockHeader && !_finalBlock && _matchRemaining == 0 && BitPosition >= _stopAt;

    /// <summary>Gets whether the final block has been decoded.</summary>
    public bool Finished => _state == State.Done || (_state == State.BlockHeader && _finalBlock);

    /// <summary>Gets the bit position of the last block boundary <see cref="DecodeSymbols"/> passed or stopped at.</summary>
    public long BoundaryBit => _boundaryBit;

    /// <summary>Gets how many symbols <see cref="DecodeSymbols"/> had produced at <see cref="BoundaryBit"/>.</summary>
    public int BoundaryOutput => _boundaryOutput;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_input is null, this);
        if (buffer.IsEmpty || _state is State.Done or State.Truncated)
        {
            return 0;
        }

        int produced;
        fixed (byte* output = buffer)
        {
            produced = Decode((OutputByte*)output, buffer.Length);
        }

        KeepWindow(buffer[..produced]);
        _totalOut += produced;
        return produced;
    }

    /// <summary>Makes <paramref name="history"/> (everything the stream produced before this decoder's start) the window of earlier output.</summary>
    /// <remarks>For a decoder that starts at a block boundary inside a stream.</remarks>
    public void Preset(ReadOnlySpan<byte> history)
    {
        KeepWindow(history);
        _totalOut = history.Length;
    }

    /// <summary>Decodes, without the output that came before, as much as fits into <paramref name="output"/> in one call.</summary>
    /// <remarks>
    /// Literals become their byte value; a byte a match copies from before the output's start becomes a marker
    /// <see cref="MarkerBase"/> + 32768 + offset (offset −32768…−1 from the output's start), resolved once that earlier
    /// output is known. The decoder records each block boundary it passes (<see cref="BoundaryBit"/>,
    /// <see cref="BoundaryOutput"/>): output past the last one may be part of a block cut off by the end of
    /// <paramref name="output"/>. Can be called once per decoder.
    /// </remarks>
    /// <returns>The number of symbols produced.</returns>
    public int DecodeSymbols(Span<ushort> output)
    {
        ObjectDisposedException.ThrowIf(_input is null, this);
        fixed (ushort* start = output)
        {
            return RecordEnd(Decode((OutputSymbol*)start, output.Length));
        }
    }

    // Records where DecodeSymbols stopped when that is a block boundary; returns the symbols produced.
    private int RecordEnd(int produced)
    {
        if (_state == State.BlockHeader || Finished)
        {
            _boundaryBit = BitPosition;
            _boundaryOutput = produced;
        }

        return produced;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _input is not null)
        {
            _input = null;
            _pin.Dispose();
            Tables.Return(_tables);
            if (!_leaveOpen)
            {
                _source?.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    // Decodes into output[0..capacity) and returns how much was produced; the state carries over to the next call.
    private int Decode<T>(T* output, int capacity)
        where T : unmanaged
    {
        T* end = output + capacity;
        T* op = Begin(output, end);
        op = DecodeRange(output, op, end);
        return (int)(op - output);
    }

    // Starts a call's output: skips the bits before the first block, finishes a match the previous call cut off.
    private T* Begin<T>(T* output, T* end)
        where T : unmanaged
    {
        T* op = output;
        if (_skipBits > 0)
        {
            if (!TryTake(_skipBits, out _))
            {
                Truncate();
            }

            _skipBits = 0;
        }

        if (_matchRemaining > 0)
        {
            int length = (int)Math.Min(_matchRemaining, end - op);
            op = CopyFar(op, output, _matchDistance, length);
            _matchRemaining -= length;
        }

        return op;
    }

    // Decodes into [op, end) of a call's output that started at output, and returns the new end of what was produced.
    private T* DecodeRange<T>(T* output, T* op, T* end)
        where T : unmanaged
    {
        while (Advance(ref op, output, end))
        {
            if (DecodeFast(ref op, output, end))
            {
                _state = State.BlockHeader;
            }
        }

        return op;
    }

    // Makes progress until the hot loop can run (true), or until nothing more can be produced into [op, end) in this
    // call (false: the output is full, the stream ended or was cut short, or decoding pauses at StopAt).
    private bool Advance<T>(ref T* op, T* output, T* end)
        where T : unmanaged
    {
        while (op < end)
        {
            switch (_state)
            {
                case State.BlockHeader:
                    if (_finalBlock)
                    {
                        _state = State.Done;
                        return false;
                    }

                    long position = BitPosition;
                    if (position >= _stopAt)
                    {
                        return false;
                    }

                    _boundaryBit = position;
                    _boundaryOutput = (int)(op - output);
                    ReadBlockHeader();
                    break;
                case State.Stored:
                    op = CopyStored<T>(op, end);
                    break;
                case State.Codes:
                    if (FastReady(op, end))
                    {
                        return true;
                    }

                    op = DecodeCareful<T>(op, output, end);
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    // Keeps the last 32 KiB of output for matches that reach back across calls.
    private void KeepWindow(ReadOnlySpan<byte> produced)
    {
        byte[] window = _tables.Window;
        if (produced.Length >= WindowSize)
        {
            produced[^WindowSize..].CopyTo(window);
            _windowLength = WindowSize;
            return;
        }

        int keep = Math.Min(_windowLength, WindowSize - produced.Length);
        window.AsSpan(_windowLength - keep, keep).CopyTo(window);
        produced.CopyTo(window.AsSpan(keep));
        _windowLength = keep + produced.Length;
    }

    private void Truncate() => _state = State.Truncated;

    // Marks this decoder as failed (ReadPair tells the two decoders' errors apart by it) and describes the fault.
    private InvalidDataException Corrupt(string reason)
    {
        _faulted = true;
        return new($"Invalid deflate data: {reason}.");
    }
}
