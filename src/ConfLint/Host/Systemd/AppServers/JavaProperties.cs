using ConfLint.Diagnostics;
using System.Text;
using ConfLint.Text;

namespace ConfLint.Host.Systemd.AppServers;

/// <summary>
/// java.util.Properties' file format (<c>Properties.load</c>), as Java programs read their <c>.properties</c> files
/// (Spring Boot's <c>application.properties</c>, Nexus's <c>nexus-default.properties</c> and <c>nexus.properties</c>): a
/// line whose first non-blank character is <c>#</c> or <c>!</c> is a comment, the key runs up to the first unescaped
/// <c>=</c>, <c>:</c> or blank, a line ending in an odd number of <c>\</c> goes on in the next (whose leading blanks are
/// dropped), and <c>\t</c>, <c>\n</c>, <c>\uXXXX</c> and other escapes are read. A later line of a key wins.
/// </summary>
internal static class JavaProperties
{
    /// <summary>One key's line (its continuation lines included): the key and value as Properties reads them, where it is
    /// written, its first line, and which document it is in (<see cref="Read"/>).</summary>
    internal readonly record struct Line(string Key, string Value, Location At, int Number, int Document);

    /// <summary>The file's keys in order. With <paramref name="documents"/>, a comment line that is exactly <c>#---</c> or
    /// <c>!---</c> starts a new document (Spring Boot 2.4's multi-document properties; to Properties itself a comment).</summary>
    public static List<Line> Read(SourceText source, bool documents = false)
    {
        var lines = new List<Line>();
        var document = 0;
        for (var line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var text = source.GetLineText(line).TrimEnd('\r');
            var trimmed = text.TrimStart();
            if (documents && trimmed is "#---" or "!---")
            {
                document++;
                continue;
            }

            if (trimmed.Length == 0 || trimmed[0] is '#' or '!')
            {
                continue;
            }

            var first = line;
            var start = span.Start + (text.Length - trimmed.Length);
            var logical = new StringBuilder(trimmed);
            var end = span.Start + text.Length;
            while (EndsInContinuation(logical) && line < source.LineCount)
            {
                logical.Length--;
                line++;
                var next = source.GetLineText(line).TrimEnd('\r');
                logical.Append(next.TrimStart());
                end = source.GetLineSpan(line).Start + next.Length;
            }

            var (key, value) = Split(logical.ToString());
            lines.Add(new Line(key, value, HostFiles.At(source, start, end - start), first, document));
        }

        return lines;
    }

    private static bool EndsInContinuation(StringBuilder text)
    {
        var backslashes = 0;
        for (var i = text.Length - 1; i >= 0 && text[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static (string Key, string Value) Split(string line)
    {
        var key = new StringBuilder();
        var i = 0;
        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                key.Append(Unescape(line, ref i));
                continue;
            }

            if (c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            key.Append(c);
        }

        // Blanks, then one = or :, then blanks.
        while (i < line.Length && line[i] is ' ' or '\t' or '\f')
        {
            i++;
        }

        if (i < line.Length && line[i] is '=' or ':')
        {
            i++;
        }

        while (i < line.Length && line[i] is ' ' or '\t' or '\f')
        {
            i++;
        }

        var value = new StringBuilder();
        for (; i < line.Length; i++)
        {
            value.Append(line[i] == '\\' && i + 1 < line.Length ? Unescape(line, ref i) : line[i]);
        }

        return (key.ToString(), value.ToString());
    }

    /// <summary>The escape at <paramref name="i"/> (a backslash); <paramref name="i"/> left at its last character.</summary>
    private static string Unescape(string line, ref int i)
    {
        var next = line[++i];
        switch (next)
        {
            case 't': return "\t";
            case 'n': return "\n";
            case 'r': return "\r";
            case 'f': return "\f";
            case 'u' when i + 4 < line.Length && int.TryParse(line.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                i += 4;
                return ((char)code).ToString();
            default: return next.ToString();
        }
    }
}
