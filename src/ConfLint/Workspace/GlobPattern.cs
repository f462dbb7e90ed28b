namespace ConfLint.Workspace;

/// <summary>A wildcard pattern for one path component, compiled once into single-character tests and stars.</summary>
public sealed class GlobPattern
{
    private readonly Element[] _elements;
    private readonly bool _periodWritten;

    private GlobPattern(Element[] elements, bool periodWritten)
    {
        _elements = elements;
        _periodWritten = periodWritten;
    }

    private enum ElementKind
    {
        Star,
        Any,
        Literal,
        Bracket,
    }

    /// <summary>One element: <c>*</c>, <c>?</c>, a literal character, or a bracket expression.</summary>
    private readonly record struct Element(ElementKind Kind, char Literal = '\0', Bracket? Bracket = null);

    public static GlobPattern Compile(string pattern, GlobDialect dialect)
    {
        var elements = new List<Element>(pattern.Length);
        var scan = new Bracket.Scan(pattern);
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '*')
            {
                if (elements.Count == 0 || elements[^1].Kind != ElementKind.Star)
                {
                    elements.Add(new Element(ElementKind.Star));
                }

                i++;
            }
            else if (c == '?')
            {
                elements.Add(new Element(ElementKind.Any));
                i++;
            }
            else if (c == '[' && Bracket.TryParse(pattern, i, dialect, scan, out var bracket, out var end))
            {
                elements.Add(new Element(ElementKind.Bracket, Bracket: bracket));
                i = end;
            }
            else if (c == '\\' && i + 1 < pattern.Length)
            {
                elements.Add(new Element(ElementKind.Literal, pattern[i + 1]));
                i += 2;
            }
            else if (c == '\\' && dialect == GlobDialect.Glob)
            {
                // glibc: a pattern ending in a lone backslash is malformed and matches nothing (APR takes it literally).
                return new GlobPattern([new Element(ElementKind.Bracket, Bracket: Bracket.Nothing)], periodWritten: true);
            }
            else
            {
                elements.Add(new Element(ElementKind.Literal, c));
                i++;
            }
        }

        var periodWritten = elements.Count > 0 && elements[0] is { Kind: ElementKind.Literal, Literal: '.' };
        return new GlobPattern([.. elements], periodWritten);
    }

    /// <summary>Whether the whole name matches. A leading <c>.</c> of the name must be matched by a written <c>.</c>.</summary>
    public bool IsMatch(string name)
    {
        if (name.Length > 0 && name[0] == '.' && !_periodWritten)
        {
            return false;
        }

        var elements = _elements;
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < elements.Length)
            {
                var element = elements[p];
                if (element.Kind == ElementKind.Star)
                {
                    starP = ++p;
                    starN = n;
                    continue;
                }

                if (Matches(element, name[n]))
                {
                    p++;
                    n++;
                    continue;
                }
            }

            if (starP < 0)
            {
                return false;
            }

            // Let the last star take one more character and try again from just after it.
            p = starP;
            n = ++starN;
        }

        while (p < elements.Length && elements[p].Kind == ElementKind.Star)
        {
            p++;
        }

        return p == elements.Length;
    }

    private static bool Matches(Element element, char c) => element.Kind switch
    {
        ElementKind.Any => true,
        ElementKind.Literal => element.Literal == c,
        _ => element.Bracket!.Matches(c),
    };

    /// <summary>A bracket expression: characters, ranges, classes (glob only), maybe negated.</summary>
    private sealed class Bracket
    {
        private static readonly Dictionary<string, Func<char, bool>> Classes = new(StringComparer.Ordinal)
        {
            ["alpha"] = char.IsAsciiLetter,
            ["digit"] = char.IsAsciiDigit,
            ["alnum"] = char.IsAsciiLetterOrDigit,
            ["upper"] = char.IsAsciiLetterUpper,
            ["lower"] = char.IsAsciiLetterLower,
            ["space"] = c => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v',
            ["blank"] = c => c is ' ' or '\t',
            ["punct"] = c => c is > ' ' and < '\x7f' && !char.IsAsciiLetterOrDigit(c),
            ["print"] = c => c is >= ' ' and < '\x7f',
            ["graph"] = c => c is > ' ' and < '\x7f',
            ["cntrl"] = c => c is < ' ' or '\x7f',
            ["xdigit"] = char.IsAsciiHexDigit,
        };

        /// <summary>The longest class name (<c>xdigit</c>): a longer one is unknown, without copying it.</summary>
        private const int LongestClass = 6;

        private readonly List<(char Low, char High)> _ranges = [];

        /// <summary>A test no character passes.</summary>
        public static Bracket Nothing => new();
        private readonly List<Func<char, bool>> _classes = [];
        private bool _negated;

        public bool Matches(char c) =>
            (_ranges.Exists(r => c >= r.Low && c <= r.High) || _classes.Exists(test => test(c))) != _negated;

        /// <summary>
        /// Reads <c>[...]</c> at <paramref name="start"/>; false when it is not closed (then '[' is a literal). Past its
        /// first character a bracket is read the same way from a given place whatever its start, so the places a failed
        /// read went through fail for every later one (<paramref name="scan"/> keeps them): a component of many '[' and no
        /// ']' was read again from each '[' to its end, a time quadratic in its length (an Apache <c>Include</c> of
        /// 100,000 '[', over a minute).
        /// </summary>
        public static bool TryParse(string pattern, int start, GlobDialect dialect, Scan scan, out Bracket? bracket, out int end)
        {
            var result = new Bracket();
            var i = start + 1;
            if (i < pattern.Length && pattern[i] is '!' or '^')
            {
                result._negated = true;
                i++;
            }

            var first = true;
            var places = new List<int>();
            while (i < pattern.Length)
            {
                if (!first)
                {
                    if (scan.FailsFrom(i))
                    {
                        break;
                    }

                    places.Add(i);
                }

                var c = pattern[i];
                if (c == ']' && !first)
                {
                    bracket = result;
                    end = i + 1;
                    return true;
                }

                first = false;
                if (dialect == GlobDialect.Glob && c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    var close = scan.ClassClose(i + 2);
                    if (close > 0 && close - (i + 2) <= LongestClass && Classes.TryGetValue(pattern[(i + 2)..close], out var test))
                    {
                        result._classes.Add(test);
                        i = close + 2;
                        continue;
                    }

                    if (close > 0)
                    {
                        // glibc: an unknown class makes the whole pattern invalid; nothing matches it.
                        result._negated = false;
                        result._ranges.Clear();
                        result._classes.Clear();
                        i = close + 2;
                        while (i < pattern.Length && pattern[i] != ']')
                        {
                            i++;
                        }

                        bracket = result;
                        end = Math.Min(pattern.Length, i + 1);
                        return true;
                    }
                }

                if (c == '\\' && i + 1 < pattern.Length)
                {
                    c = pattern[++i];
                }

                if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
                {
                    var high = pattern[i + 2];
                    var next = i + 3;
                    if (high == '\\' && i + 3 < pattern.Length)
                    {
                        high = pattern[i + 3];
                        next = i + 4;
                    }

                    result._ranges.Add((c, high));
                    i = next;
                    continue;
                }

                result._ranges.Add((c, c));
                i++;
            }

            scan.Failed(places);
            bracket = null;
            end = start + 1;
            return false;
        }

        /// <summary>What the reads of one pattern's brackets learnt: the places from which reading on does not close a
        /// bracket, and where each <c>:]</c> is.</summary>
        public sealed class Scan(string pattern)
        {
            private System.Collections.BitArray? _fails;
            private int[]? _classCloses;

            /// <summary>Whether a read at this place (past a bracket's first character) is known not to close.</summary>
            public bool FailsFrom(int place) => _fails is not null && _fails[place];

            /// <summary>A read went through these places (past its first character) without closing.</summary>
            public void Failed(List<int> places)
            {
                _fails ??= new System.Collections.BitArray(pattern.Length + 1);
                foreach (var place in places)
                {
                    _fails[place] = true;
                }
            }

            /// <summary>The first <c>:]</c> at or after <paramref name="start"/>, or -1 (all of them found in one pass).</summary>
            public int ClassClose(int start)
            {
                if (_classCloses is null)
                {
                    var closes = new List<int>();
                    for (var at = pattern.IndexOf(":]", StringComparison.Ordinal); at >= 0; at = pattern.IndexOf(":]", at + 1, StringComparison.Ordinal))
                    {
                        closes.Add(at);
                    }

                    _classCloses = [.. closes];
                }

                var index = Array.BinarySearch(_classCloses, start);
                index = index >= 0 ? index : ~index;
                return index < _classCloses.Length ? _classCloses[index] : -1;
            }
        }
    }
}
