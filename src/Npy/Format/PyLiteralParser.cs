using System.Globalization;
using System.Numerics;
using System.Text;

namespace Npy.Format;

/// <summary>
/// Parses the subset of Python literal syntax that <c>ast.literal_eval</c> accepts in <c>.npy</c> headers: dicts, tuples,
/// lists, str/bytes literals, ints, <c>True</c>/<c>False</c>/<c>None</c>.
/// </summary>
/// <remarks>
/// The parser is iterative (an explicit stack of open brackets), so hostile nesting can never overflow the call stack;
/// the depth is capped by <see cref="NpyLimits.MaxNestingDepth"/>. Every error is an <see cref="NpyFormatException"/>
/// carrying the byte offset. Hex, octal, binary and underscore-separated ints, complex numbers and sets are refused
/// although Python accepts them: no NumPy writer produces them and they only widen the attack surface.
/// </remarks>
internal sealed partial class PyLiteralParser
{
    private readonly string _text;
    private readonly int _baseOffset;
    private readonly bool _utf8;
    private readonly bool _allowLongSuffix;
    private readonly int _maxDepth;
    private int _pos;
    private int _mappedChars;
    private long _mappedBytes;

    private PyLiteralParser(string text, int baseOffset, bool utf8, bool allowLongSuffix, int maxDepth)
    {
        _text = text;
        _baseOffset = baseOffset;
        _utf8 = utf8;
        _allowLongSuffix = allowLongSuffix;
        _maxDepth = maxDepth;
    }

    private enum TokenKind
    {
        End,
        Open,
        Close,
        Comma,
        Colon,
        String,
        Int,
        Float,
        Constant,
        Sign,
    }

    /// <summary>Parses one complete literal expression.</summary>
    /// <param name="text">The decoded text.</param>
    /// <param name="baseOffset">Byte offset of <paramref name="text"/>'s first character, for messages.</param>
    /// <param name="utf8">Whether byte offsets count UTF-8 bytes (v3 headers) rather than one byte per char.</param>
    /// <param name="allowLongSuffix">Whether a Python 2 <c>L</c> suffix after an int is dropped (v1/v2 headers, as NumPy does).</param>
    /// <param name="maxDepth">The deepest bracket nesting accepted.</param>
    public static PyNode Parse(string text, int baseOffset, bool utf8, bool allowLongSuffix, int maxDepth)
    {
        return new PyLiteralParser(text, baseOffset, utf8, allowLongSuffix, maxDepth).ParseRoot();
    }

    private PyNode ParseRoot()
    {
        var stack = new List<Frame>();
        while (true)
        {
            // State: a value is expected (or, right after an opening bracket or a comma, a closing bracket).
            Token tok = Next();
            PyNode value;
            if (tok.Kind == TokenKind.Open)
            {
                if (stack.Count >= _maxDepth)
                {
                    throw Error(tok.Start, $"nesting depth exceeds {_maxDepth}");
                }

                stack.Add(new Frame(tok.Char, Map(tok.Start)));
                continue;
            }

            if (tok.Kind == TokenKind.Close)
            {
                Frame? top = stack.Count > 0 ? stack[^1] : null;
                if (top is null || !top.CanClose || top.PendingKey is not null || Closer(top.Open) != tok.Char)
                {
                    throw Error(tok.Start, $"unexpected '{tok.Char}'");
                }

                stack.RemoveAt(stack.Count - 1);
                value = top.Build();
            }
            else if (tok.Kind == TokenKind.Sign)
            {
                value = ParseSigned(tok);
            }
            else if (tok.Kind is TokenKind.String or TokenKind.Int or TokenKind.Float or TokenKind.Constant)
            {
                value = tok.Value!;
            }
            else
            {
                throw Error(tok.Start, tok.Kind == TokenKind.End ? "unexpected end of header" : $"unexpected '{tok.Char}'");
            }

            // State: a value is complete; attach it to the enclosing container, closing brackets as they come.
            while (true)
            {
                if (stack.Count == 0)
                {
                    Token end = Next();
                    if (end.Kind != TokenKind.End)
                    {
                        throw Error(end.Start, "unexpected text after the literal");
                    }

                    return value;
                }

                Frame frame = stack[^1];
                if (frame.Open == '{' && frame.PendingKey is null)
                {
                    Token colon = Next();
                    if (colon.Kind != TokenKind.Colon)
                    {
                        throw Error(colon.Start, "expected ':' after a dict key");
                    }

                    frame.PendingKey = value;
                    frame.CanClose = false;
                    break;
                }

                frame.Add(value);
                Token sep = Next();
                if (sep.Kind == TokenKind.Comma)
                {
                    frame.SawComma = true;
                    frame.CanClose = true;
                    break;
                }

                if (sep.Kind == TokenKind.Close && sep.Char == Closer(frame.Open))
                {
                    stack.RemoveAt(stack.Count - 1);
                    value = frame.Build();
                    continue;
                }

                throw Error(sep.Start, sep.Kind == TokenKind.End ? "unexpected end of header" : $"expected ',' or '{Closer(frame.Open)}'");
            }
        }
    }

    private PyNode ParseSigned(Token first)
    {
        bool negative = first.Char == '-';
        while (true)
        {
            Token tok = Next();
            if (tok.Kind == TokenKind.Sign)
            {
                negative ^= tok.Char == '-';
                continue;
            }

            if (tok.Kind == TokenKind.Int)
            {
                var i = (PyInt)tok.Value!;
                return negative ? new PyInt(first.Start, -i.Value) : new PyInt(first.Start, i.Value);
            }

            if (tok.Kind == TokenKind.Float)
            {
                var f = (PyFloat)tok.Value!;
                return new PyFloat(first.Start, (negative ? "-" : string.Empty) + f.Text);
            }

            throw Error(tok.Start, "a sign must be followed by a number");
        }
    }

    private static char Closer(char open) => open switch { '(' => ')', '[' => ']', _ => '}' };

    private Token Next()
    {
        SkipTrivia();
        int start = _pos;
        if (_pos >= _text.Length)
        {
            return new Token(TokenKind.End, start, '\0', null);
        }

        char c = _text[_pos];
        switch (c)
        {
            case '(' or '[' or '{':
                _pos++;
                return new Token(TokenKind.Open, start, c, null);
            case ')' or ']' or '}':
                _pos++;
                return new Token(TokenKind.Close, start, c, null);
            case ',':
                _pos++;
                return new Token(TokenKind.Comma, start, c, null);
            case ':':
                _pos++;
                return new Token(TokenKind.Colon, start, c, null);
            case '+' or '-':
                _pos++;
                return new Token(TokenKind.Sign, start, c, null);
            case '\'' or '"':
                return ReadStrings();
        }

        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
        {
            return ReadNumber();
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            int end = _pos;
            while (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_'))
            {
                end++;
            }

            if (end < _text.Length && _text[end] is '\'' or '"' && IsStringPrefix(_text.AsSpan(_pos, end - _pos)))
            {
                return ReadStrings();
            }

            string name = _text[_pos..end];
            _pos = end;
            return name switch
            {
                "True" => new Token(TokenKind.Constant, start, 'T', new PyConstant(Map(start), true)),
                "False" => new Token(TokenKind.Constant, start, 'F', new PyConstant(Map(start), false)),
                "None" => new Token(TokenKind.Constant, start, 'N', new PyConstant(Map(start), null)),
                _ => throw Error(start, $"unexpected name '{Truncate(name)}' (only literals are allowed)"),
            };
        }

        throw Error(start, c == '\0' ? "the header contains a NUL character" : $"unexpected character {PyRepr.String(c.ToString())}");
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] is not '\n' and not '\r')
                {
                    if (_text[_pos] == '\0')
                    {
                        throw Error(_pos, "the header contains a NUL character");
                    }

                    _pos++;
                }
            }
            else if (c == '\\' && _pos + 1 < _text.Length && _text[_pos + 1] is '\n' or '\r')
            {
                // Explicit line continuation.
                _pos += 2;
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsStringPrefix(ReadOnlySpan<char> prefix)
    {
        string p = prefix.ToString().ToLowerInvariant();
        return p is "u" or "b" or "r" or "br" or "rb";
    }

    private Token ReadNumber()
    {
        int start = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        bool isFloat = false;
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            isFloat = true;
            _pos++;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            int save = _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-')
            {
                _pos++;
            }

            if (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                isFloat = true;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        int end = _pos;
        if (!isFloat && _allowLongSuffix && _pos < _text.Length && _text[_pos] == 'L')
        {
            // Python 2 long suffix: NumPy re-tokenizes v1/v2 headers and drops it.
            _pos++;
        }

        if (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.'))
        {
            throw Error(start, $"invalid number literal '{Truncate(_text[start..Math.Min(_text.Length, _pos + 1)])}'");
        }

        string digits = _text[start..end];
        if (isFloat)
        {
            return new Token(TokenKind.Float, start, '0', new PyFloat(Map(start), digits));
        }

        if (digits.Length > 1 && digits[0] == '0' && digits.AsSpan().ContainsAnyExcept('0'))
        {
            throw Error(start, "leading zeros in decimal integer literals are not permitted");
        }

        if (digits.Length > NpyConstants.MaxIntDigits)
        {
            throw Error(start, $"integer literal has {digits.Length} digits, more than Python's limit of {NpyConstants.MaxIntDigits}");
        }

        var value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return new Token(TokenKind.Int, start, '0', new PyInt(Map(start), value));
    }

    private int Map(int charIndex)
    {
        if (!_utf8)
        {
            return (int)Math.Min(int.MaxValue, (long)_baseOffset + charIndex);
        }

        // Tokens arrive in increasing order, so counting UTF-8 bytes from the previous position keeps this linear.
        // Token starts are ASCII characters, never the middle of a surrogate pair.
        if (charIndex < _mappedChars)
        {
            _mappedChars = 0;
            _mappedBytes = 0;
        }

        _mappedBytes += Encoding.UTF8.GetByteCount(_text.AsSpan(_mappedChars, charIndex - _mappedChars));
        _mappedChars = charIndex;
        return (int)Math.Min(int.MaxValue, _baseOffset + _mappedBytes);
    }

    private NpyFormatException Error(int charIndex, string message)
    {
        return new NpyFormatException($"Cannot parse the .npy header: {message} at byte offset {Map(charIndex)}.");
    }

    private static string Truncate(string s) => s.Length > 40 ? string.Concat(s.AsSpan(0, 40), "...") : s;

    private readonly record struct Token(TokenKind Kind, int Start, char Char, PyNode? Value);

    /// <summary>An open bracket whose items are being collected.</summary>
    private sealed class Frame(char open, int start)
    {
        private readonly List<PyNode> _items = [];
        private readonly List<KeyValuePair<PyNode, PyNode>> _entries = [];

        public char Open { get; } = open;

        public PyNode? PendingKey { get; set; }

        /// <summary>Gets or sets whether a closing bracket is allowed now (right after the opening bracket or a comma).</summary>
        public bool CanClose { get; set; } = true;

        public bool SawComma { get; set; }

        public void Add(PyNode value)
        {
            if (Open == '{')
            {
                _entries.Add(new KeyValuePair<PyNode, PyNode>(PendingKey!, value));
                PendingKey = null;
            }
            else
            {
                _items.Add(value);
            }

            CanClose = false;
        }

        public PyNode Build()
        {
            return Open switch
            {
                // (x) is just a parenthesised x; (x,) and () are tuples.
                '(' when _items.Count == 1 && !SawComma => _items[0],
                '(' => new PySequence(start, isTuple: true, _items),
                '[' => new PySequence(start, isTuple: false, _items),
                _ => new PyDict(start, _entries),
            };
        }
    }
}
