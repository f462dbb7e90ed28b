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
    /// supervisord's <c>expand()</c> (options.py): Python's <c>value % names</c>. <c>%(name)s</c> gives the name's text
    /// (a number's digits), <c>%(name)d</c> (<c>i</c>, <c>u</c>) a number, with flags <c>0</c> and <c>-</c> and a width
    /// (<c>%(process_num)02d</c>); <c>%%</c> is <c>%</c>. Null where supervisord refuses the option ("cannot be expanded",
    /// "badly formatted"): a name <paramref name="lookup"/> says supervisord does not have (null), <c>%d</c> of a text, a
    /// <c>%</c> with no name. A name whose value the files do not show (<see cref="SupervisorName.Known"/> false: supervisord's
    /// own environment, the host's node name), or a conversion not modelled, is written as <paramref name="unknown"/> says,
    /// and the result is not <see cref="SupervisorExpanded.Complete"/>. Each character of the result keeps the range of
    /// <paramref name="value"/> it comes from (an expansion's characters that of its <c>%(name)s</c>).
    /// </summary>
    public static SupervisorExpanded? Expand(string value, Func<string, SupervisorName?> lookup, Func<string, string> unknown)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        var from = new List<int>(value.Length);
        var to = new List<int>(value.Length);
        var complete = true;
        void Append(string text, int start, int end)
        {
            builder.Append(text);
            for (var k = 0; k < text.Length; k++)
            {
                from.Add(start);
                to.Add(end);
            }
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '%')
            {
                Append(c.ToString(), i, i + 1);
                continue;
            }

            if (i + 1 < value.Length && value[i + 1] == '%')
            {
                Append("%", i, i + 2);
                i++;
                continue;
            }

            // Python reads a mapping key only as %(key): anything else with a mapping is refused.
            var close = i + 1 < value.Length && value[i + 1] == '(' ? value.IndexOf(')', i + 2) : -1;
            if (close < 0)
            {
                return null;
            }

            // Flags, width, precision, length modifier, then the conversion.
            var j = close + 1;
            while (j < value.Length && value[j] is '#' or '0' or '-' or ' ' or '+')
            {
                j++;
            }

            var widthStart = j;
            while (j < value.Length && char.IsAsciiDigit(value[j]))
            {
                j++;
            }

            var width = j > widthStart ? int.Parse(value.AsSpan(widthStart, j - widthStart), System.Globalization.CultureInfo.InvariantCulture) : 0;
            var precision = j < value.Length && value[j] == '.';
            while (j < value.Length && (char.IsAsciiDigit(value[j]) || value[j] is '.' or 'h' or 'l' or 'L'))
            {
                j++;
            }

            if (j >= value.Length || "diouxXeEfFgGcrsa".IndexOf(value[j]) < 0)
            {
                return null;
            }

            var flags = value[(close + 1)..widthStart];
            var reference = value[i..(j + 1)];
            if (lookup(value[(i + 2)..close]) is not { } name)
            {
                return null;
            }

            var conversion = value[j];
            string? text = null;
            if (name.Known && !precision && conversion == 's')
            {
                text = name.Text ?? name.Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Known && !precision && conversion is 'd' or 'i' or 'u')
            {
                if (name.Number is not { } number)
                {
                    // "%d format: a real number is required, not str".
                    return null;
                }

                text = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (flags.Contains('0') && !flags.Contains('-') && text.Length < width)
                {
                    text = text.PadLeft(width, '0');
                }
            }

            if (text is null)
            {
                complete = false;
                Append(unknown(reference), i, j + 1);
            }
            else
            {
                Append(text.Length >= width ? text : flags.Contains('-') ? text.PadRight(width) : text.PadLeft(width), i, j + 1);
            }

            i = j;
        }

        return new SupervisorExpanded(builder.ToString(), from.ToArray(), to.ToArray(), complete);
    }
}

/// <summary>The value of a name supervisord expands: a text, or a number (<c>process_num</c>, <c>numprocs</c>); not
/// <see cref="Known"/> where the files do not show it (a variable of supervisord's own environment).</summary>
public readonly record struct SupervisorName(string? Text, int? Number, bool Known)
{
    public static SupervisorName Unknown => new(null, null, false);

    public static SupervisorName Of(string text) => new(text, null, true);

    public static SupervisorName Of(int number) => new(null, number, true);
}

/// <summary>A value after supervisord's expansions: its text, where in the written value each character comes from
/// (<see cref="From"/> to <see cref="To"/>), and whether every name was known.</summary>
public sealed record SupervisorExpanded(string Text, int[] From, int[] To, bool Complete);
