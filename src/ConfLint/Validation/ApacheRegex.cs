namespace ConfLint.Validation;

/// <summary>
/// httpd's regular expressions. The fallback where PCRE2 cannot be asked: a regular expression PCRE cannot compile for sure: a '(' never closed, a ')' never opened, or a '[' class never
/// closed. Escapes, classes (']' first is a literal) and \Q...\E are read as PCRE reads them; anything else PCRE may
/// or may not take (.NET's Regex differs from it) is not judged.
/// </summary>
internal static class ApacheRegex
{
    /// <summary>Whether httpd's ap_regcomp (PCRE2, with its default AP_REG_DOLLAR_ENDONLY) refuses the pattern: PCRE2 is
    /// asked where it can be loaded (<see cref="Pcre"/>), otherwise only an unbalanced pattern is refused.</summary>
    public static bool Refused(string pattern) => Pcre.Error(pattern, Pcre.DollarEndOnly) is not null;

    public static bool IsUnbalanced(string pattern)
    {
        var depth = 0;
        var posixClose = new PosixClose(pattern);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == 'Q')
                {
                    var end = pattern.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        return false;
                    }

                    i = end + 1;
                    continue;
                }

                i++;
            }
            else if (c == '[')
            {
                var close = ClassEnd(pattern, i, ref posixClose);
                if (close < 0)
                {
                    return true;
                }

                i = close;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth < 0)
            {
                return true;
            }
        }

        return depth != 0;
    }

    /// <summary>Where the class opened at <paramref name="open"/> ends, or -1.</summary>
    private static int ClassEnd(string pattern, int open, ref PosixClose posixClose)
    {
        var i = open + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
            }
            else if (pattern[i] == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':' && posixClose.From(i + 2) is > 0 and var posix)
            {
                i = posix + 1;
            }
            else if (pattern[i] == ']')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The next <c>:]</c> at or after a place, remembered: each <c>[:</c> looked for it again from its own place, so a
    /// pattern of many <c>[[:</c> and no <c>:]</c> took time quadratic in its length (a 3 MB line, four minutes).
    /// The places asked for only grow, so each part of the pattern is searched once.
    /// </summary>
    private struct PosixClose(string pattern)
    {
        private int _searchedFrom = int.MaxValue;
        private int _found = -1;

        public int From(int start)
        {
            if (_searchedFrom <= start && (_found < 0 || _found >= start))
            {
                return _found;
            }

            _searchedFrom = start;
            _found = pattern.IndexOf(":]", start, StringComparison.Ordinal);
            return _found;
        }
    }
}
