using ConfLint.Diagnostics;
using ConfLint.Host.Haproxy;
using ConfLint.Knowledge;
using ConfLint.Rules.Support;
using ConfLint.Syntax;
using ConfLint.Syntax.Haproxy;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Rules.Haproxy;

/// <summary>Where new HAProxy lines go: after the last line of a section (so they stay in it), indented like its
/// lines; a new section before another one. A line goes only where the keyword table says HAProxy reads it
/// (<see cref="HaproxyKeywordTable.Allows"/>): otherwise there is no edit.</summary>
internal static class HaproxyEdits
{
    /// <summary>A line added at the end of <paramref name="section"/>, indented like the section's lines (four spaces
    /// for a section that has none).</summary>
    public static FileEdit? AppendToSection(ConfigFile file, HaproxySection section, string line)
    {
        if (!Allowed(section.Kind, section.Header.Args, line))
        {
            return null;
        }

        var source = file.Source!;
        var indentation = section.Lines.Count > 0 ? Edits.Indentation(source, section.Lines[0].Span.Start) : "    ";
        var last = section.Lines.Count > 0 ? (SyntaxNode)section.Lines[^1] : section.Header;
        var newline = source.PreferredNewLine;
        var lineBreak = source.Text.IndexOf('\n', last.Span.End);
        return lineBreak >= 0
            ? new FileEdit(file.Id, TextEdit.Insert(lineBreak + 1, indentation + line + newline))
            : new FileEdit(file.Id, TextEdit.Insert(source.Length, newline + indentation + line + newline));
    }

    /// <summary>A whole section inserted before <paramref name="before"/>'s header line, followed by a blank line.</summary>
    public static FileEdit? InsertSectionBefore(ConfigFile file, HaproxySection before, string header, IReadOnlyList<string> lines)
    {
        var words = header.Split(' ');
        if (lines.Any(l => !Allowed(words[0], words.Skip(1).ToList(), l)))
        {
            return null;
        }

        var source = file.Source!;
        var newline = source.PreferredNewLine;
        var indentation = before.Lines.Count > 0 ? Edits.Indentation(source, before.Lines[0].Span.Start) : "    ";
        var lineStart = source.GetLineSpan(source.GetLinePosition(before.Header.Span.Start).Line).Start;
        var body = header + newline + string.Concat(lines.Select(l => indentation + l + newline)) + newline;
        return new FileEdit(file.Id, TextEdit.Insert(lineStart, body));
    }

    /// <summary>Words added at the end of a line: <c>server app1 host:80 check</c> gains <c> resolvers dns</c>.</summary>
    public static FileEdit AppendWords(ConfigFile file, HaproxyLine line, string words) =>
        new(file.Id, TextEdit.Insert(line.LastToken.End, " " + words));

    private static bool Allowed(string kind, IReadOnlyList<string> headerArgs, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var named = kind == "defaults" && headerArgs.Count > 0 && headerArgs[0] != "from";
        return HaproxyKeywordTable.Instance.Find(words[0], words.Length > 1 ? words[1] : null) is { Removed: false } entry
            && HaproxyKeywordTable.Letter(kind, named) is { } letter && entry.ReadIn(letter);
    }
}
