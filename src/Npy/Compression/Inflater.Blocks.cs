namespace Npy.Compression;

/// <content>Block headers, stored blocks, and the careful one-symbol-at-a-time path near the ends of input and output.</content>
internal sealed unsafe partial class Inflater
{
    private void ReadBlockHeader()
    {
        if (!TryTake(3, out uint header))
        {
            Truncate();
            return;
        }

        _finalBlock = (header & 1) != 0;
        switch (header >> 1)
        {
            case 0:
                ReadStoredHeader();
                break;
            case 1:
                _literalLengths = FixedTables.LiteralLengths;
                _distances = FixedTables.Distances;
                _state = State.Codes;
                break;
            case 2:
                if (ReadDynamicTables() is { } reason)
                {
                    throw Corrupt(reason);
                }

                break;
            default:
                throw Corrupt("invalid block type");
        }
    }

    private void ReadStoredHeader()
    {
        if (!TryTake(_bitCount & 7, out _) || !TryTake(16, out uint length) || !TryTake(16, out uint complement))
        {
            Truncate();
            return;
        }

        if (length != (~complement & 0xFFFF))
        {
            throw Corrupt("invalid stored block lengths");
        }

        _storedRemaining = (int)length;
        _state = State.Stored;
    }

    private T* CopyStored<T>(T* op, T* end)
        where T : unmanaged
    {
        while (_storedRemaining > 0 && op < end)
        {
            if (_bitCount >= 8)
            {
                // Whole bytes already in the bit buffer come first (the reader is byte-aligned here).
                if (_bitCount - _paddingBits < 8)
                {
                    Truncate();
                    return op;
                }

                *op++ = Element<T>((byte)_bits);
                _bits >>= 8;
                _bitCount -= 8;
                _storedRemaining--;
                continue;
            }

            // The buffer is empty; the bytes it may still hold above its count are about to be copied directly.
            _bits = 0;
            if (_inputPosition == _inputEnd)
            {
                if (_sourceEnded)
                {
                    Truncate();
                    return op;
                }

                FillInput();
                continue;
            }

            int count = (int)Math.Min(Math.Min(_storedRemaining, end - op), _inputEnd - _inputPosition);
            if (sizeof(T) == 1)
            {
                Buffer.MemoryCopy(_input + _inputPosition, op, count, count);
                op += count;
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    *op++ = Element<T>(_input[_inputPosition + i]);
                }
            }

            _inputPosition += count;
            _storedRemaining -= count;
        }

        if (_storedRemaining == 0)
        {
            _state = State.BlockHeader;
        }

        return op;
    }

    // Reads a dynamic block's code tables and returns null, or the reason they are invalid (without throwing, so that
    // probing candidate block starts stays cheap). Input ending first leaves the state Truncated.
    private string? ReadDynamicTables()
    {
        if (!TryTake(5, out uint literalCount) || !TryTake(5, out uint distanceCount) || !TryTake(4, out uint codeLengthCount))
        {
            Truncate();
            return null;
        }

        int literals = (int)literalCount + 257;
        int distances = (int)distanceCount + 1;
        if (literals > 286 || distances > 30)
        {
            return "too many length or distance symbols";
        }

        Span<byte> codeLengthLengths = stackalloc byte[19];
        codeLengthLengths.Clear();
        for (int i = 0; i < codeLengthCount + 4; i++)
        {
            if (!TryTake(3, out uint length))
            {
                Truncate();
                return null;
            }

            codeLengthLengths[DeflateSymbols.CodeLengthOrder[i]] = (byte)length;
        }

        uint* codeLengths = _tables.CodeLengths;
        Span<uint> codeLengthTable = new(codeLengths, InflateTable.CodeLengthSize);
        int total = literals + distances;
        switch (InflateTable.Build(codeLengthLengths, codeLengthTable, InflateTable.CodeLengthBits, InflateTable.CodeLengthEntries))
        {
            case InflateTable.Result.Ok:
                break;
            case InflateTable.Result.Empty:
                // zlib reads every length of an empty code-length code as a zero of one bit, then finds no
                // end-of-block code: the same error, or the same quiet end when the input runs out first.
                for (int i = 0; i < total; i++)
                {
                    if (!TryTake(1, out _))
                    {
                        Truncate();
                        return null;
                    }
                }

                return "invalid code -- missing end-of-block";
            default:
                return "invalid code lengths set";
        }

        Span<byte> lengths = stackalloc byte[286 + 30];
        int index = 0;
        while (index < total)
        {
            if (!TryDecode(codeLengths, InflateTable.CodeLengthBits, out uint entry))
            {
                Truncate();
                return null;
            }

            int symbol = (int)(entry >> 16);
            if (symbol < 16)
            {
                lengths[index++] = (byte)symbol;
                continue;
            }

            // 16 repeats the previous length 3–6 times, 17 and 18 repeat zero 3–10 and 11–138 times.
            (int extraBits, int minimum) = symbol switch
            {
                16 => (2, 3),
                17 => (3, 3),
                _ => (7, 11),
            };
            if (!TryTake(extraBits, out uint extra))
            {
                Truncate();
                return null;
            }

            int times = minimum + (int)extra;
            if ((symbol == 16 && index == 0) || times > total - index)
            {
                return "invalid bit length repeat";
            }

            Internal.ByteFill.Fill(lengths.Slice(index, times), symbol == 16 ? lengths[index - 1] : (byte)0);
            index += times;
        }

        if (lengths[256] == 0)
        {
            return "invalid code -- missing end-of-block";
        }

        var literalTable = new Span<uint>(_tables.LiteralLengths, InflateTable.LiteralLengthSize);
        if (InflateTable.Build(lengths[..literals], literalTable, InflateTable.LiteralLengthBits, InflateTable.LiteralLengthEntries)
            is not (InflateTable.Result.Ok or InflateTable.Result.Single))
        {
            return "invalid literal/lengths set";
        }

        // A block of literals only may have no distance code at all; decoding a distance then fails.
        var distanceTable = new Span<uint>(_tables.Distances, InflateTable.DistanceSize);
        if (InflateTable.Build(lengths.Slice(literals, distances), distanceTable, InflateTable.DistanceBits, InflateTable.DistanceEntries)
            is not (InflateTable.Result.Ok or InflateTable.Result.Single or InflateTable.Result.Empty))
        {
            return "invalid distances set";
        }

        _literalLengths = _tables.LiteralLengths;
        _distances = _tables.Distances;
        _state = State.Codes;
        return null;
    }

    // Whether the hot loop may run: output and input (read ahead if need be) both have room for its largest iteration.
    private bool FastReady<T>(T* op, T* end)
        where T : unmanaged
    {
        if (end - op < FastOutputMargin)
        {
            return false;
        }

        if (_inputEnd - _inputPosition < FastInputMargin && !_sourceEnded)
        {
            FillInput();
        }

        return _inputEnd - _inputPosition >= FastInputMargin;
    }

    // Decodes one literal or match, or the end of the block, taking bits one careful step at a time: near the end of
    // the input or the output, where the hot loop has no room.
    private T* DecodeCareful<T>(T* op, T* output, T* end)
        where T : unmanaged
    {
        if (!TryDecode(_literalLengths, InflateTable.LiteralLengthBits, out uint entry))
        {
            Truncate();
            return op;
        }

        if ((int)entry < 0)
        {
            *op++ = Element<T>((byte)(entry >> 16));
            return op;
        }

        if ((entry & InflateTable.EndOfBlock) != 0)
        {
            _state = State.BlockHeader;
            return op;
        }

        if ((entry & InflateTable.Invalid) != 0)
        {
            throw Corrupt("invalid literal/length code");
        }

        if (!TryTake((int)(entry >> 8) & 15, out uint lengthExtra) || !TryDecode(_distances, InflateTable.DistanceBits, out uint distanceEntry))
        {
            Truncate();
            return op;
        }

        if ((distanceEntry & InflateTable.Invalid) != 0)
        {
            throw Corrupt("invalid distance code");
        }

        if (!TryTake((int)(distanceEntry >> 8) & 15, out uint distanceExtra))
        {
            Truncate();
            return op;
        }

        int length = (int)((entry >> 16) & 0x7FFF) + (int)lengthExtra;
        int distance = (int)((distanceEntry >> 16) & 0x7FFF) + (int)distanceExtra;
        int now = (int)Math.Min(length, end - op);
        op = CopyFar(op, output, distance, now);
        _matchRemaining = length - now;
        _matchDistance = distance;
        return op;
    }

    // Makes at least n (at most 32) bits available, counting zero bits past the end of the input as padding.
    private void Need(int n)
    {
        while (_bitCount < n)
        {
            if (_inputPosition == _inputEnd && !_sourceEnded)
            {
                FillInput();
            }

            if (_inputPosition < _inputEnd)
            {
                _bits |= (ulong)_input[_inputPosition++] << _bitCount;
            }
            else
            {
                _paddingBits += 8;
            }

            _bitCount += 8;
        }
    }

    // Takes n bits, or returns false when the input ends first.
    private bool TryTake(int n, out uint value)
    {
        Need(n);
        if (_bitCount - _paddingBits < n)
        {
            value = 0;
            return false;
        }

        value = (uint)(_bits & ((1UL << n) - 1));
        _bits >>= n;
        _bitCount -= n;
        return true;
    }

    // Decodes one symbol through a table (and its subtable), or returns false when the input ends first. An invalid
    // code is returned as such once all its bits have arrived, as zlib reports it.
    private bool TryDecode(uint* table, int tableBits, out uint entry)
    {
        Need(15);
        entry = table[_bits & ((1UL << tableBits) - 1)];
        int consumed = 0;
        if ((entry & InflateTable.Subtable) != 0)
        {
            consumed = tableBits;
            int subBits = (int)(entry >> 8) & 15;
            entry = table[(entry >> 16) + ((_bits >> tableBits) & ((1UL << subBits) - 1))];
        }

        consumed += (int)(entry & 15);
        if (_bitCount - _paddingBits < consumed)
        {
            return false;
        }

        _bits >>= consumed;
        _bitCount -= consumed;
        return true;
    }

    // Moves the unread input to the front of the buffer and reads more after it.
    private void FillInput()
    {
        int keep = _inputEnd - _inputPosition;
        Buffer.MemoryCopy(_input + _inputPosition, _input, InputSize, keep);
        _inputPosition = 0;
        _inputEnd = keep;
        while (_inputEnd < InputSize)
        {
            int read = _source!.Read(_inputBuffer.AsSpan(_inputEnd, InputSize - _inputEnd));
            if (read == 0)
            {
                _sourceEnded = true;
                return;
            }

            _inputEnd += read;
            _fetched += read;
        }
    }
}
