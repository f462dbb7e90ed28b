using System.Text;

namespace ConfLint.Workspace.Compose;

/// <summary>
/// Compose's interpolation of a value (compose-go's <c>template/template.go</c>): <c>$$</c> is a dollar sign;
/// <c>$NAME</c> and <c>${NAME}</c> are the variable's value; <c>${NAME:-default}</c> (unset or empty) and
/// <c>${NAME-default}</c> (unset) give the default; <c>${NAME:?error}</c> and <c>${NAME?error}</c> make Compose refuse the
/// file without a value; <c>${NAME:+other}</c> and <c>${NAME+other}</c> give the other text when it is set; defaults and
/// other texts are interpolated in turn (nesting). A name is <c>[_A-Za-z][_A-Za-z0-9]*</c>; a <c>$</c> before anything
/// else stays as written, and a <c>${</c> that is not one of these forms makes Compose refuse the file.
/// The result is null (unknown) where it depends on a variable without a value ConfLint knows and with no default, or on
/// a form Compose refuses: never the empty string Compose would put there with a warning, as the server's environment may
/// set what ConfLint does not see.
/// </summary>
public static class ComposeInterpolation
{
    /// <param name="unresolved">Told each variable whose missing value makes the result unknown.</param>
    public static string? Substitute(string text, Func<string, ComposeVariable> lookup, Action<string>? unresolved = null)
    {
        var dollar = text.IndexOf('$', StringComparison.Ordinal);
        if (dollar < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        result.Append(text, 0, dollar);
        for (var i = dollar; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                result.Append(c);
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i++;
                continue;
            }

            if (IsNameStart(next))
            {
                var end = NameEnd(text, i + 1);
                var variable = lookup(text[(i + 1)..end]);
                if (!variable.Known)
                {
                    unresolved?.Invoke(text[(i + 1)..end]);
                    return null;
                }

                result.Append(variable.Value);
                i = end - 1;
                continue;
            }

            if (next != '{')
            {
                result.Append(c);
                continue;
            }

            var close = ClosingBrace(text, i);
            if (close < 0 || Braced(text[(i + 2)..close], lookup, unresolved) is not { } value)
            {
                return null;
            }

            result.Append(value);
            i = close;
        }

        return result.ToString();
    }

    /// <summary>The inside of <c>${...}</c>: a name, then nothing or an operator and its text.</summary>
    private static string? Braced(string inside, Func<string, ComposeVariable> lookup, Action<string>? unresolved)
    {
        if (inside.Length == 0 || !IsNameStart(inside[0]) || inside.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }

        var end = NameEnd(inside, 0);
        var name = inside[..end];
        var variable = lookup(name);
        if (end == inside.Length)
        {
            if (!variable.Known)
            {
                unresolved?.Invoke(name);
            }

            return variable.Known ? variable.Value : null;
        }

        var colon = inside[end] == ':';
        var at = colon ? end + 1 : end;
        if (at >= inside.Length || inside[at] is not ('-' or '+' or '?'))
        {
            return null;
        }

        var op = inside[at];
        var argument = inside[(at + 1)..];
        if (variable.Unknown)
        {
            unresolved?.Invoke(name);
            return null;
        }

        // Set here means set and, with the colon, not empty.
        var set = variable.Known && (!colon || variable.Value!.Length > 0);
        if (op == '?' && !set)
        {
            unresolved?.Invoke(name);
        }

        return op switch
        {
            '-' => set ? variable.Value : Substitute(argument, lookup, unresolved),
            '+' => set ? Substitute(argument, lookup, unresolved) : variable.Known ? variable.Value : string.Empty,
            _ => set ? variable.Value : null,
        };
    }

    /// <summary>The closing brace of the <c>${</c> at <paramref name="dollar"/>, counting nested braces as Compose does (the
    /// character after an opening brace is skipped); -1 when there is none.</summary>
    private static int ClosingBrace(string text, int dollar)
    {
        var open = 0;
        for (var i = dollar; i < text.Length; i++)
        {
            if (text[i] == '}')
            {
                open--;
                if (open == 0)
                {
                    return i;
                }
            }

            if (text[i] == '{')
            {
                open++;
                i++;
            }
        }

        return -1;
    }

    private static bool IsNameStart(char c) => c is '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static int NameEnd(string text, int start)
    {
        var end = start + 1;
        while (end < text.Length && (IsNameStart(text[end]) || char.IsAsciiDigit(text[end])))
        {
            end++;
        }

        return end;
    }
}
