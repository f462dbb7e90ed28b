namespace ConfLint.Syntax.Supervisor;

/// <summary>
/// The value supervisord reads from a value token, as <c>configparser</c> builds it: each line of the option without
/// its inline comment and outer whitespace, comment lines left out, blank lines kept as empty lines, joined with LF
/// and stripped at the end. A value that starts on a continuation line starts with an empty line (the option line's
/// own, empty, value). <c>%(name)s</c> expansions are left as written: supervisord expands them per option, with
/// the names it knows (<see cref="Expand"/>).
/// </summary>
public static class SupervisorText
{
    public static string DecodeValue(SyntaxToken token)
    {
        var text = token.Tree.Source.Text;
        var pieces = new List<string>();
        var lineStart = text.LastIndexOf('\n', Math.Max(token.Start - 1, 0)) + 1;
        if (token.Start > 0 && text.LastIndexOf('\n', token.Start - 1) + 1 is var ownLine && SupervisorLines.FirstNonSpace(text, ownLine, token.Start) == token.Start)
        {
            // Nothing but blanks before the value on its line: it starts on a continuation line.
            pieces.Add(string.Empty);
        }

        var first = true;
        while (lineStart < token.End)
        {
            var lineEnd = Math.Min(SupervisorLines.LineEnd(text, lineStart), token.End);
            if (first)
            {
                var commentStart = SupervisorLines.CommentStart(text, lineStart, token.Start + 1, lineEnd);
                pieces.Add(text[token.Start..SupervisorLines.TrimEnd(text, token.Start, commentStart)]);
                first = false;
            }
            else if (!SupervisorLines.IsCommentLine(text, lineStart, lineEnd))
            {
                var (start, end) = SupervisorLines.Content(text, lineStart, lineEnd);
                pieces.Add(text[start..end]);
            }

            lineStart = lineEnd + 1;
        }

        return string.Join('\n', pieces).TrimEnd();
    }

    /// <summary>
    /// supervisord's <c>expand()</c>: <c>%(name)s</c> (and <c>%(name)d</c>, <c>%(name)02d</c>...) replaced from
    /// <paramref name="names"/>, <c>%%</c> as <c>%</c>. Null when the value names something <paramref name="names"/>
    /// does not have (supervisord then refuses the option) or a format it cannot apply.
    /// </summary>
    public static string? Expand(string value, IReadOnlyDictionary<string, string> names)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '%')
            {
                builder.Append(c);
                continue;
            }

            if (i + 1 < value.Length && value[i + 1] == '%')
            {
                builder.Append('%');
                i++;
                continue;
            }

            if (i + 1 >= value.Length || value[i + 1] != '(')
            {
                return null;
            }

            var close = value.IndexOf(')', i + 2);
            if (close < 0 || !names.TryGetValue(value[(i + 2)..close], out var replacement))
            {
                return null;
            }

            // The conversion: flags and width, then s or d.
            var j = close + 1;
            while (j < value.Length && (char.IsAsciiDigit(value[j]) || value[j] is '-' or '0'))
            {
                j++;
            }

            if (j >= value.Length || value[j] is not ('s' or 'd' or 'r'))
            {
                return null;
            }

            var spec = value[(close + 1)..j];
            if (value[j] == 'd')
            {
                if (!int.TryParse(replacement, out var number))
                {
                    return null;
                }

                var width = spec.TrimStart('0', '-');
                var padded = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (int.TryParse(width, out var size) && padded.Length < size)
                {
                    padded = spec.StartsWith('0') ? padded.PadLeft(size, '0') : spec.StartsWith('-') ? padded.PadRight(size) : padded.PadLeft(size);
                }

                builder.Append(padded);
            }
            else
            {
                builder.Append(replacement);
            }

            i = j;
        }

        return builder.ToString();
    }
}
