namespace ConfLint.Workspace;

/// <summary>fnmatch(3) for one path component: <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c>, <c>\x</c>.</summary>
public static class GlobMatcher
{
    public static bool IsMatch(string pattern, string name) => Match(pattern, 0, name, 0);

    private static bool Match(string pattern, int p, string name, int n)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            switch (c)
            {
                case '*':
                    while (p < pattern.Length && pattern[p] == '*')
                    {
                        p++;
                    }

                    if (p == pattern.Length)
                    {
                        return true;
                    }

                    for (var i = n; i <= name.Length; i++)
                    {
                        if (Match(pattern, p, name, i))
                        {
                            return true;
                        }
                    }

                    return false;
                case '?':
                    if (n >= name.Length)
                    {
                        return false;
                    }

                    p++;
                    n++;
                    break;
                case '[':
                    if (n >= name.Length || MatchClass(pattern, ref p, name[n]) is not true)
                    {
                        return false;
                    }

                    n++;
                    break;
                default:
                    if (c == '\\' && p + 1 < pattern.Length)
                    {
                        p++;
                        c = pattern[p];
                    }

                    if (n >= name.Length || name[n] != c)
                    {
                        return false;
                    }

                    p++;
                    n++;
                    break;
            }
        }

        return n == name.Length;
    }

    /// <summary>Matches a bracket expression at <paramref name="p"/> and moves past it; a lone '[' matches itself.</summary>
    private static bool? MatchClass(string pattern, ref int p, char c)
    {
        var i = p + 1;
        var negate = i < pattern.Length && pattern[i] is '!' or '^';
        if (negate)
        {
            i++;
        }

        var matched = false;
        var first = true;
        while (i < pattern.Length && (first || pattern[i] != ']'))
        {
            first = false;
            var low = pattern[i];
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                matched |= c >= low && c <= pattern[i + 2];
                i += 3;
            }
            else
            {
                matched |= c == low;
                i++;
            }
        }

        if (i >= pattern.Length)
        {
            var literal = c == '[';
            p++;
            return literal;
        }

        p = i + 1;
        return matched != negate;
    }
}
