using System.Text;
using ConfLint.Diagnostics;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// An OpenStep (GNUstep) property list as <c>NSDictionary dictionaryWithContentsOfFile:</c> reads SOGo's
/// <c>sogo.conf</c>: a dictionary <c>{ KEY = VALUE; ... }</c> whose values are strings (quoted, with backslash escapes,
/// or unquoted: letters, digits and <c>_$+/:.-</c>), arrays <c>( A, B )</c>, dictionaries, or data <c>&lt;hex&gt;</c>;
/// <c>//</c> and <c>/* */</c> comments anywhere between tokens. Only the top level's entries are returned.
/// </summary>
internal static class OpenStepPlist
{
    /// <summary>The top-level entries in order (a later one of the same key wins, as GNUstep's dictionary keeps it): the
    /// key, its string value (null for an array, dictionary or data), and where the entry is written; null when the file
    /// is not a dictionary ConfLint parses.</summary>
    public static List<(string Key, string? Value, Location At)>? TopLevel(SourceText source)
    {
        var parser = new Parser(source.Text);
        try
        {
            parser.Skip();
            parser.Expect('{');
            var entries = new List<(string, string?, Location)>();
            while (true)
            {
                parser.Skip();
                if (parser.Peek() == '}')
                {
                    parser.Next();
                    break;
                }

                var start = parser.Position;
                var key = parser.String();
                parser.Skip();
                parser.Expect('=');
                parser.Skip();
                var value = parser.Value();
                var end = parser.Position;
                parser.Skip();
                parser.Expect(';');
                entries.Add((key, value, HostFiles.At(source, start, end - start)));
            }

            parser.Skip();
            return parser.AtEnd ? entries : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class Parser(string text)
    {
        private int _at;

        public int Position => _at;

        public bool AtEnd => _at >= text.Length;

        public char Peek() => _at < text.Length ? text[_at] : throw new FormatException();

        public char Next() => _at < text.Length ? text[_at++] : throw new FormatException();

        public void Expect(char c)
        {
            if (Next() != c)
            {
                throw new FormatException();
            }
        }

        /// <summary>Whitespace and comments.</summary>
        public void Skip()
        {
            while (_at < text.Length)
            {
                if (char.IsWhiteSpace(text[_at]))
                {
                    _at++;
                }
                else if (text[_at] == '/' && _at + 1 < text.Length && text[_at + 1] == '/')
                {
                    while (_at < text.Length && text[_at] != '\n')
                    {
                        _at++;
                    }
                }
                else if (text[_at] == '/' && _at + 1 < text.Length && text[_at + 1] == '*')
                {
                    var close = text.IndexOf("*/", _at + 2, StringComparison.Ordinal);
                    _at = close < 0 ? throw new FormatException() : close + 2;
                }
                else
                {
                    return;
                }
            }
        }

        /// <summary>A string value, or null for an array, a dictionary or data (each skipped whole).</summary>
        public string? Value()
        {
            switch (Peek())
            {
                case '{':
                    Next();
                    while (true)
                    {
                        Skip();
                        if (Peek() == '}')
                        {
                            Next();
                            return null;
                        }

                        String();
                        Skip();
                        Expect('=');
                        Skip();
                        Value();
                        Skip();
                        Expect(';');
                    }

                case '(':
                    Next();
                    Skip();
                    if (Peek() == ')')
                    {
                        Next();
                        return null;
                    }

                    while (true)
                    {
                        Skip();
                        Value();
                        Skip();
                        var c = Next();
                        if (c == ')')
                        {
                            return null;
                        }

                        if (c != ',')
                        {
                            throw new FormatException();
                        }

                        Skip();
                        if (Peek() == ')')
                        {
                            Next();
                            return null;
                        }
                    }

                case '<':
                    var close = text.IndexOf('>', _at);
                    _at = close < 0 ? throw new FormatException() : close + 1;
                    return null;
                default:
                    return String();
            }
        }

        public string String()
        {
            if (Peek() == '"')
            {
                Next();
                var value = new StringBuilder();
                while (true)
                {
                    var c = Next();
                    if (c == '"')
                    {
                        return value.ToString();
                    }

                    if (c == '\\')
                    {
                        var escaped = Next();
                        value.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => escaped });
                        continue;
                    }

                    value.Append(c);
                }
            }

            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '$' or '+' or '/' or ':' or '.' or '-'))
            {
                if (text[_at] == '/' && _at + 1 < text.Length && text[_at + 1] is '/' or '*')
                {
                    break;
                }

                _at++;
            }

            return _at > start ? text[start.._at] : throw new FormatException();
        }
    }
}
