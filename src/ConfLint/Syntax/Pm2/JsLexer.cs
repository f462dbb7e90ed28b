using ConfLint.Text;

namespace ConfLint.Syntax.Pm2;

/// <summary>
/// Enough of JavaScript's lexical grammar to read a configuration file without running it: comments (<c>//</c> and
/// <c>/* */</c>), string literals (<c>'</c>, <c>"</c>, with their escapes), template literals (with <c>${}</c> holes,
/// nested), numbers, names and punctuation. Regular-expression literals are not told from division: a file that uses
/// one where it matters reads as unknown, never as a wrong value.
/// </summary>
internal sealed class JsLexer(string text)
{
    private int _position;

    public string Text { get; } = text;

    public List<TextSpan> Comments { get; } = [];

    /// <summary>Set when the text ends inside a string or comment: what follows cannot be read.</summary>
    public bool Broken { get; private set; }

    public int Position => _position;

    /// <summary>Moves past blanks, line breaks and comments; the offset of what follows.</summary>
    public int SkipTrivia()
    {
        while (_position < Text.Length)
        {
            var c = Text[_position];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                _position++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                var end = Text.IndexOf('\n', _position);
                end = end < 0 ? Text.Length : end;
                Comments.Add(TextSpan.FromBounds(_position, end > _position && Text[end - 1] == '\r' ? end - 1 : end));
                _position = end;
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var end = Text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    Broken = true;
                    end = Text.Length - 2;
                }

                Comments.Add(TextSpan.FromBounds(_position, end + 2));
                _position = end + 2;
            }
            else if (c == '#' && _position == 0 && Peek(1) == '!')
            {
                // A shebang line.
                var end = Text.IndexOf('\n', _position);
                _position = end < 0 ? Text.Length : end;
            }
            else
            {
                break;
            }
        }

        return _position;
    }

    public char Current => _position < Text.Length ? Text[_position] : '\0';

    public char Peek(int offset) => _position + offset < Text.Length ? Text[_position + offset] : '\0';

    public bool AtEnd => SkipTrivia() >= Text.Length;

    public void Advance(int count = 1) => _position = Math.Min(Text.Length, _position + count);

    /// <summary>Goes back to an offset read before (for a look ahead).</summary>
    public void Reset(int position) => _position = position;

    /// <summary>Reads the next token after trivia: its kind and span (a string's value decoded).</summary>
    public JsToken Next()
    {
        var start = SkipTrivia();
        if (start >= Text.Length)
        {
            return new JsToken(JsTokenKind.End, new TextSpan(start, 0), string.Empty);
        }

        var c = Text[start];
        if (c is '\'' or '"')
        {
            var value = ReadQuoted(c);
            return new JsToken(value is null ? JsTokenKind.Broken : JsTokenKind.String, TextSpan.FromBounds(start, _position), value ?? string.Empty);
        }

        if (c == '`')
        {
            var (value, plain) = ReadTemplate();
            var kind = value is null ? JsTokenKind.Broken : plain ? JsTokenKind.String : JsTokenKind.Template;
            return new JsToken(kind, TextSpan.FromBounds(start, _position), value ?? string.Empty);
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(Peek(1))))
        {
            while (_position < Text.Length && (char.IsAsciiLetterOrDigit(Text[_position]) || Text[_position] is '.' or '_'
                   || (Text[_position] is '+' or '-' && Text[_position - 1] is 'e' or 'E' && !Text[start..].StartsWith("0x", StringComparison.OrdinalIgnoreCase))))
            {
                _position++;
            }

            return new JsToken(JsTokenKind.Number, TextSpan.FromBounds(start, _position), Text[start.._position]);
        }

        if (char.IsLetter(c) || c is '_' or '$')
        {
            while (_position < Text.Length && (char.IsLetterOrDigit(Text[_position]) || Text[_position] is '_' or '$'))
            {
                _position++;
            }

            return new JsToken(JsTokenKind.Name, TextSpan.FromBounds(start, _position), Text[start.._position]);
        }

        if (c == '.' && Peek(1) == '.' && Peek(2) == '.')
        {
            _position += 3;
            return new JsToken(JsTokenKind.Punctuation, TextSpan.FromBounds(start, _position), "...");
        }

        _position++;
        return new JsToken(JsTokenKind.Punctuation, TextSpan.FromBounds(start, _position), c.ToString());
    }

    /// <summary>A quoted string at the current position: its decoded value, or null when it does not end on its line.</summary>
    private string? ReadQuoted(char quote)
    {
        var builder = new System.Text.StringBuilder();
        _position++;
        while (_position < Text.Length)
        {
            var c = Text[_position];
            if (c == quote)
            {
                _position++;
                return builder.ToString();
            }

            if (c == '\n')
            {
                break;
            }

            if (c == '\\' && _position + 1 < Text.Length)
            {
                var escaped = Text[_position + 1];
                _position += 2;
                switch (escaped)
                {
                    case 'n': builder.Append('\n'); break;
                    case 't': builder.Append('\t'); break;
                    case 'r': builder.Append('\r'); break;
                    case '0': builder.Append('\0'); break;
                    case '\n': break;
                    case '\r':
                        if (Current == '\n')
                        {
                            _position++;
                        }

                        break;
                    case 'u' or 'x':
                        // Escaped code points are rare in configuration; keep them as written rather than guess.
                        builder.Append('\\').Append(escaped);
                        break;
                    default: builder.Append(escaped); break;
                }

                continue;
            }

            builder.Append(c);
            _position++;
        }

        Broken = true;
        return null;
    }

    /// <summary>A template literal: its text and whether it has no <c>${}</c> hole; null when it does not end.</summary>
    private (string? Value, bool Plain) ReadTemplate()
    {
        var builder = new System.Text.StringBuilder();
        var plain = true;
        _position++;
        while (_position < Text.Length)
        {
            var c = Text[_position];
            if (c == '`')
            {
                _position++;
                return (builder.ToString(), plain);
            }

            if (c == '\\' && _position + 1 < Text.Length)
            {
                builder.Append(Text[_position + 1]);
                _position += 2;
                continue;
            }

            if (c == '$' && Peek(1) == '{')
            {
                plain = false;
                _position += 2;
                if (!SkipBalanced('}'))
                {
                    break;
                }

                continue;
            }

            builder.Append(c);
            _position++;
        }

        Broken = true;
        return (null, false);
    }

    /// <summary>Skips tokens up to and past the bracket that closes the one just entered.</summary>
    public bool SkipBalanced(char close)
    {
        var stack = new Stack<char>();
        stack.Push(close);
        while (stack.Count > 0)
        {
            var token = Next();
            switch (token.Kind)
            {
                case JsTokenKind.End or JsTokenKind.Broken:
                    Broken = true;
                    return false;
                case JsTokenKind.Punctuation:
                    var p = token.Text[0];
                    if (p is '{' or '[' or '(')
                    {
                        stack.Push(p switch { '{' => '}', '[' => ']', _ => ')' });
                    }
                    else if (p is '}' or ']' or ')')
                    {
                        if (stack.Pop() != p)
                        {
                            Broken = true;
                            return false;
                        }
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>Runs the lexer over the whole text (for its comments).</summary>
    public void ScanAll()
    {
        while (true)
        {
            var token = Next();
            if (token.Kind is JsTokenKind.End or JsTokenKind.Broken)
            {
                return;
            }
        }
    }
}

internal enum JsTokenKind
{
    End,
    Broken,
    String,
    Template,
    Number,
    Name,
    Punctuation,
}

internal readonly record struct JsToken(JsTokenKind Kind, TextSpan Span, string Text);
