namespace ConfLint.Validation;

/// <summary>
/// What httpd's expression scanner (ap_expr, <c>util_expr_scan.l</c>) surely refuses in an <c>&lt;If&gt;</c> or
/// <c>&lt;ElseIf&gt;</c> condition, read token by token as it reads them: a string or <c>%{variable}</c> never closed, a
/// regular expression (<c>/re/</c>, <c>m#re#</c>) never closed or one PCRE2 does not compile, and parentheses that do not
/// pair. The grammar beyond that (operators, functions, variable names, which modules add) is not judged.
/// </summary>
internal static class ApacheExpr
{
    private const string RegexSeparators = "/#$%^|?!'\",;:._-";

    public static string? Problem(string expression)
    {
        var depth = 0;
        var afterMatch = false;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c is '"' or '\'')
            {
                // <str>: backslash escapes one character; a line break or the end leaves it open.
                var end = i + 1;
                while (end < expression.Length && expression[end] != c)
                {
                    if (expression[end] == '\n')
                    {
                        return "Cannot parse condition clause: Unterminated string or variable";
                    }

                    end += expression[end] == '\\' ? 2 : 1;
                }

                if (end >= expression.Length)
                {
                    return "Cannot parse condition clause: Unterminated string or variable";
                }

                i = end;
                afterMatch = false;
                continue;
            }

            if (c == '%' && i + 1 < expression.Length && expression[i + 1] == '{')
            {
                var end = expression.IndexOf('}', i + 2);
                if (end < 0)
                {
                    return "Cannot parse condition clause: Unterminated string or variable";
                }

                i = end;
                afterMatch = false;
                continue;
            }

            if (afterMatch && (c == '/' || (c == 'm' && i + 1 < expression.Length && RegexSeparators.Contains(expression[i + 1], StringComparison.Ordinal))))
            {
                // <regex>: up to the next separator, no escapes.
                var separator = c == '/' ? '/' : expression[i + 1];
                var start = c == '/' ? i + 1 : i + 2;
                var end = expression.IndexOf(separator, start);
                if (end < 0)
                {
                    return "Cannot parse condition clause: Unterminated regexp";
                }

                var flags = end + 1;
                while (flags < expression.Length && expression[flags] == 'i')
                {
                    flags++;
                }

                if (Pcre.Error(expression[start..end], flags > end + 1 ? Pcre.Caseless : 0) is not null)
                {
                    return "Cannot parse condition clause: Failed to compile regular expression";
                }

                i = flags - 1;
                afterMatch = false;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            afterMatch = (c is '=' or '!') && i + 1 < expression.Length && expression[i + 1] == '~';
            if (afterMatch)
            {
                i++;
                continue;
            }

            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth < 0)
            {
                return "Cannot parse condition clause: syntax error, unexpected ')'";
            }
        }

        return depth > 0 ? "Cannot parse condition clause: syntax error, unexpected $end, expecting ')'" : null;
    }
}
