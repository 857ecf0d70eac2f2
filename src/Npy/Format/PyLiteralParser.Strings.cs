using System.Text;

namespace Npy.Format;

/// <content>String literals: prefixes, quotes, escapes and adjacent concatenation.</content>
internal sealed partial class PyLiteralParser
{
    private Token ReadStrings()
    {
        int start = _pos;
        var sb = new StringBuilder();
        bool? isBytes = null;
        while (true)
        {
            bool bytes = ReadOneString(sb);
            if (isBytes is not null && isBytes != bytes)
            {
                throw Error(start, "cannot mix bytes and str literals");
            }

            isBytes = bytes;

            // Adjacent literals concatenate, as in Python source.
            int save = _pos;
            SkipTrivia();
            if (_pos < _text.Length && (_text[_pos] is '\'' or '"' || StartsPrefixedString()))
            {
                continue;
            }

            _pos = save;
            return new Token(TokenKind.String, start, '\'', new PyString(Map(start), sb.ToString(), isBytes.Value));
        }
    }

    private bool StartsPrefixedString()
    {
        int end = _pos;
        while (end < _text.Length && end - _pos < 2 && char.IsAsciiLetter(_text[end]))
        {
            end++;
        }

        return end > _pos && end < _text.Length && _text[end] is '\'' or '"' && IsStringPrefix(_text.AsSpan(_pos, end - _pos));
    }

    /// <summary>Reads one (possibly prefixed, possibly triple-quoted) literal, appending its value; returns whether it is bytes.</summary>
    private bool ReadOneString(StringBuilder sb)
    {
        int start = _pos;
        bool bytes = false;
        bool raw = false;
        while (_text[_pos] is not '\'' and not '"')
        {
            char p = char.ToLowerInvariant(_text[_pos++]);
            bytes |= p == 'b';
            raw |= p == 'r';
        }

        char quote = _text[_pos];
        bool triple = _pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote;
        _pos += triple ? 3 : 1;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error(start, "unterminated string literal");
            }

            char c = _text[_pos];
            if (c == quote && (!triple || (_pos + 2 < _text.Length && _text[_pos + 1] == quote && _text[_pos + 2] == quote)))
            {
                _pos += triple ? 3 : 1;
                return bytes;
            }

            if (c == '\0')
            {
                throw Error(_pos, "the header contains a NUL character");
            }

            if (c is '\n' or '\r' && !triple)
            {
                throw Error(start, "unterminated string literal");
            }

            if (bytes && c > 0x7F)
            {
                throw Error(_pos, "bytes can only contain ASCII literal characters");
            }

            if (c != '\\' || raw)
            {
                sb.Append(c);
                _pos++;
                if (raw && c == '\\' && _pos < _text.Length)
                {
                    // In raw literals a backslash still keeps the next character (even a quote) in the string.
                    sb.Append(_text[_pos++]);
                }

                continue;
            }

            ReadEscape(sb, bytes);
        }
    }

    private void ReadEscape(StringBuilder sb, bool bytes)
    {
        int escStart = _pos;
        _pos++;
        if (_pos >= _text.Length)
        {
            throw Error(escStart, "unterminated string literal");
        }

        char e = _text[_pos++];
        switch (e)
        {
            case '\n':
                return;
            case '\r':
                if (_pos < _text.Length && _text[_pos] == '\n')
                {
                    _pos++;
                }

                return;
            case '\\' or '\'' or '"':
                sb.Append(e);
                return;
            case 'a':
                sb.Append('\a');
                return;
            case 'b':
                sb.Append('\b');
                return;
            case 'f':
                sb.Append('\f');
                return;
            case 'n':
                sb.Append('\n');
                return;
            case 'r':
                sb.Append('\r');
                return;
            case 't':
                sb.Append('\t');
                return;
            case 'v':
                sb.Append('\v');
                return;
            case 'x':
                sb.Append((char)ReadHex(escStart, 2));
                return;
            case 'u' when !bytes:
                AppendCodePoint(sb, ReadHex(escStart, 4), escStart);
                return;
            case 'U' when !bytes:
                AppendCodePoint(sb, ReadHex(escStart, 8), escStart);
                return;
            case 'N' when !bytes:
                throw Error(escStart, "named unicode escapes (\\N{...}) are not supported");
        }

        if (e is >= '0' and <= '7')
        {
            int value = e - '0';
            for (int k = 0; k < 2 && _pos < _text.Length && _text[_pos] is >= '0' and <= '7'; k++)
            {
                value = (value * 8) + (_text[_pos++] - '0');
            }

            sb.Append((char)(bytes ? value & 0xFF : value));
            return;
        }

        // Unknown escapes keep the backslash, as Python does.
        sb.Append('\\').Append(e);
    }

    private int ReadHex(int escStart, int count)
    {
        if (_pos + count > _text.Length)
        {
            throw Error(escStart, "truncated escape sequence");
        }

        long value = 0;
        for (int k = 0; k < count; k++)
        {
            int digit = HexDigit(_text[_pos + k]);
            if (digit < 0)
            {
                throw Error(escStart, "truncated escape sequence");
            }

            value = (value << 4) | (uint)digit;
        }

        _pos += count;

        // At most 8 hex digits; anything beyond the Unicode range is refused by AppendCodePoint.
        return value > 0x10FFFF ? -1 : (int)value;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private void AppendCodePoint(StringBuilder sb, int codePoint, int escStart)
    {
        if (codePoint is < 0 or > 0x10FFFF)
        {
            throw Error(escStart, "illegal Unicode character in escape");
        }

        if (codePoint <= 0xFFFF)
        {
            // Lone surrogates are legal in Python str; keep them as a single UTF-16 unit.
            sb.Append((char)codePoint);
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(codePoint));
        }
    }
}
