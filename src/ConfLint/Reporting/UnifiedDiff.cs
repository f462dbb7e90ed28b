using System.Globalization;
using System.Text;
using ConfLint.Catalog;
using ConfLint.Fixing;
using ConfLint.Text;
using DiffPlex;

namespace ConfLint.Reporting;

/// <summary>
/// The changes as one unified diff that <c>git apply</c> and <c>patch -p1</c> accept: <c>--- a/PATH</c> and
/// <c>+++ b/PATH</c> relative to the root, new files from <c>/dev/null</c>. Each hunk is its own section, preceded
/// by a comment line naming the rule codes it fixes (a line outside a section is allowed there; inside a section
/// it is not), and numbered against the file as the hunks before it leave it. Lines are compared whitespace and
/// all (DiffPlex, ignoreWhiteSpace: false); line endings are kept, a missing final newline is marked.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    public static string Write(IEnumerable<FileChange> changes)
    {
        var output = new StringBuilder();
        foreach (var change in changes)
        {
            WriteFile(output, change);
        }

        return output.ToString();
    }

    private static void WriteFile(StringBuilder output, FileChange change)
    {
        var differ = new Differ();
        var result = differ.CreateCustomDiffs(change.Original ?? string.Empty, change.Updated, ignoreWhiteSpace: false, SplitLines);
        var oldLines = result.PiecesOld;
        var newLines = result.PiecesNew;
        var hunks = new List<(int OldStart, int OldCount, int NewStart, int NewCount, List<DiffPlex.Model.DiffBlock> Blocks)>();
        foreach (var block in result.DiffBlocks)
        {
            var oldStart = Math.Max(0, block.DeleteStartA - Context);
            var newStart = Math.Max(0, block.InsertStartB - Context);
            var oldEnd = Math.Min(oldLines.Length, block.DeleteStartA + block.DeleteCountA + Context);
            var newEnd = Math.Min(newLines.Length, block.InsertStartB + block.InsertCountB + Context);
            if (hunks.Count > 0 && oldStart <= hunks[^1].OldStart + hunks[^1].OldCount)
            {
                var last = hunks[^1];
                last.Blocks.Add(block);
                hunks[^1] = (last.OldStart, oldEnd - last.OldStart, last.NewStart, newEnd - last.NewStart, last.Blocks);
            }
            else
            {
                hunks.Add((oldStart, oldEnd - oldStart, newStart, newEnd - newStart, [block]));
            }
        }

        var lineStarts = SourceText.LineStartsOf(change.Updated);
        foreach (var (oldStart, oldCount, newStart, newCount, blocks) in hunks)
        {
            var codes = Codes(change, lineStarts, newStart, newCount);
            output.Append("# fixes ").Append(string.Join(", ", codes)).Append('\n');
            output.Append(change.IsNew ? "--- /dev/null" : "--- " + Quoted("a/" + change.DisplayPath)).Append('\n');
            output.Append("+++ ").Append(Quoted("b/" + change.DisplayPath)).Append('\n');

            // Each section applies to the file as the sections before it left it: old lines are numbered like new ones.
            var start = change.IsNew ? 0 : newStart + (oldCount == 0 ? 0 : 1);
            output.Append("@@ -").Append(Range(start, oldCount)).Append(" +").Append(Range(newCount == 0 ? newStart : newStart + 1, newCount)).Append(" @@\n");
            WriteHunk(output, result, blocks, oldStart, oldCount, newStart);
        }
    }

    /// <summary>
    /// A path in a header as git writes it (quote_c_style): in double quotes with C escapes when it holds a control
    /// character, a quote or a backslash, so that a file name holding a line break or an escape sequence cannot forge
    /// a header or reach the terminal; <c>git apply</c> and <c>patch</c> read both forms. A C1 control or a
    /// bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069), which reorders how a line is shown, is written
    /// as its UTF-8 bytes in octal, as git writes every byte above 127 by default (<c>core.quotePath</c>).
    /// </summary>
    internal static string Quoted(string path)
    {
        if (!path.Any(c => c < ' ' || c is '\u007f' or '"' or '\\' || Reordering(c)))
        {
            return path;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in path)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\a' => "\\a",
                '\b' => "\\b",
                '\t' => "\\t",
                '\n' => "\\n",
                '\v' => "\\v",
                '\f' => "\\f",
                '\r' => "\\r",
                < ' ' or '\u007f' => "\\" + Convert.ToString(c, 8).PadLeft(3, '0'),
                _ when Reordering(c) => string.Concat(Encoding.UTF8.GetBytes(c.ToString()).Select(b => "\\" + Convert.ToString(b, 8).PadLeft(3, '0'))),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>A C1 control, or a character that changes the order in which a line is shown.</summary>
    private static bool Reordering(char c) => c is (>= '\u0080' and <= '\u009f') or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');

    private static void WriteHunk(StringBuilder output, DiffPlex.Model.DiffResult result, List<DiffPlex.Model.DiffBlock> blocks, int oldStart, int oldCount, int newStart)
    {
        var oldIndex = oldStart;
        var newIndex = newStart;
        foreach (var block in blocks)
        {
            while (oldIndex < block.DeleteStartA)
            {
                Line(output, ' ', result.PiecesOld[oldIndex]);
                oldIndex++;
                newIndex++;
            }

            for (var i = 0; i < block.DeleteCountA; i++)
            {
                Line(output, '-', result.PiecesOld[oldIndex++]);
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                Line(output, '+', result.PiecesNew[newIndex++]);
            }
        }

        while (oldIndex < oldStart + oldCount)
        {
            Line(output, ' ', result.PiecesOld[oldIndex]);
            oldIndex++;
        }
    }

    private static void Line(StringBuilder output, char marker, string line)
    {
        output.Append(marker).Append(line);
        if (!line.EndsWith('\n'))
        {
            output.Append("\n\\ No newline at end of file\n");
        }
    }

    private static string Range(int start, int count) =>
        count == 1 ? start.ToString(CultureInfo.InvariantCulture) : $"{start.ToString(CultureInfo.InvariantCulture)},{count.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Lines with their line breaks, so that CRLF and a missing final newline survive the diff.</summary>
    internal static string[] SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return [.. lines];
    }

    /// <summary>The codes (with slugs) whose regions meet the hunk's lines of the new text.</summary>
    private static IEnumerable<string> Codes(FileChange change, IReadOnlyList<int> lineStarts, int newStart, int newCount)
    {
        var from = lineStarts[Math.Min(newStart, lineStarts.Count - 1)];
        var to = newStart + newCount < lineStarts.Count ? lineStarts[newStart + newCount] : change.Updated.Length;
        var codes = change.Regions
            .Where(r => r.Start < Math.Max(to, from + 1) && r.End >= from)
            .Select(r => r.Code)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        if (codes.Count == 0)
        {
            codes = change.Regions.Select(r => r.Code).Distinct().Order(StringComparer.Ordinal).ToList();
        }

        return codes.Select(code => RuleCatalog.Find(code) is { } rule ? $"{code} ({rule.Slug})" : code);
    }
}
