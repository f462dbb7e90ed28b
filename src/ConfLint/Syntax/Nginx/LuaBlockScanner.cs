namespace ConfLint.Syntax.Nginx;

/// <summary>
/// Finds the brace that closes an <c>*_by_lua_block { ... }</c> body. Braces inside Lua strings
/// (<c>'...'</c>, <c>"..."</c>, <c>[[...]]</c>, <c>[==[...]==]</c>) and comments (<c>--</c>, <c>--[[...]]</c>)
/// do not count, as in the lua-nginx-module's own reader.
/// </summary>
internal static class LuaBlockScanner
{
    /// <summary>The offset of the closing brace for a body starting at <paramref name="i"/>, or -1.</summary>
    public static int FindClosingBrace(ReadOnlySpan<char> text, int i)
    {
        var depth = 1;
        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case '-' when i + 1 < text.Length && text[i + 1] == '-':
                    i = SkipComment(text, i + 2);
                    continue;
                case '"' or '\'':
                    i = SkipShortString(text, i);
                    continue;
                case '[' when LongBracketLevel(text, i) is var level and >= 0:
                    i = SkipLongBracket(text, i, level);
                    continue;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }

            i++;
        }

        return -1;
    }

    private static int SkipComment(ReadOnlySpan<char> text, int i)
    {
        if (i < text.Length && text[i] == '[' && LongBracketLevel(text, i) is var level and >= 0)
        {
            return SkipLongBracket(text, i, level);
        }

        var newline = text[i..].IndexOf('\n');
        return newline < 0 ? text.Length : i + newline;
    }

    private static int SkipShortString(ReadOnlySpan<char> text, int i)
    {
        var quote = text[i];
        i++;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == quote || c == '\n')
            {
                return i + 1;
            }

            i++;
        }

        return text.Length;
    }

    /// <summary>For <c>[</c>, <c>=</c>*, <c>[</c> at <paramref name="i"/>, the number of <c>=</c>; otherwise -1.</summary>
    private static int LongBracketLevel(ReadOnlySpan<char> text, int i)
    {
        var j = i + 1;
        while (j < text.Length && text[j] == '=')
        {
            j++;
        }

        return j < text.Length && text[j] == '[' ? j - i - 1 : -1;
    }

    private static int SkipLongBracket(ReadOnlySpan<char> text, int i, int level)
    {
        var close = "]" + new string('=', level) + "]";
        var from = i + level + 2;
        var found = text[from..].IndexOf(close.AsSpan(), StringComparison.Ordinal);
        return found < 0 ? text.Length : from + found + close.Length;
    }
}
