using ConfLint.Diagnostics;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Nginx;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// Builders of the edits fixes make: replace a token, insert whole lines after or before a node (with the
/// indentation of that node's line and the file's own line break), create a file. Edits address a file by its
/// identity (<see cref="ConfigFile.Id"/>: the file a link points to), so that a write never replaces a link with a copy.
/// </summary>
public static class Edits
{
    public static FileEdit Replace(ConfigFile file, TextSpan span, string text) => new(file.Id, new TextEdit(span, text));

    public static FileEdit ReplaceToken(ConfigFile file, SyntaxToken token, string text) => Replace(file, token.Span, text);

    /// <summary>A word's value replaced, written as the old one was: in the same quotes, or bare when it can be.</summary>
    public static FileEdit ReplaceValue(ConfigFile file, SyntaxToken token, string value) => ReplaceToken(file, token, Requote(token, value));

    private static string Requote(SyntaxToken token, string value)
    {
        if (token.Kind == TokenKind.QuotedString)
        {
            var quote = token.Tree.Source[token.Start];
            return quote + value.Replace(quote.ToString(), "\\" + quote, StringComparison.Ordinal) + quote;
        }

        return token.Tree.Kind == ConfigKind.Apache ? ApacheText.Quote(value) : NginxText.Quote(value);
    }

    /// <summary>Lines inserted after the line on which <paramref name="node"/> ends, indented like the line it starts on.</summary>
    public static FileEdit InsertLinesAfter(ConfigFile file, SyntaxNode node, IEnumerable<string> lines)
    {
        var source = file.Source!;
        var indentation = Indentation(source, node.Span.Start);
        var newline = source.PreferredNewLine;
        var body = string.Concat(lines.Select(line => indentation + line + newline));
        var lineBreak = source.IndexOf('\n', node.Span.End);
        if (lineBreak >= 0)
        {
            return new FileEdit(file.Id, TextEdit.Insert(lineBreak + 1, body));
        }

        // The node's line is the last one and has no line break: keep it that way after the new lines.
        return new FileEdit(file.Id, TextEdit.Insert(source.Length, newline + body[..^newline.Length]));
    }

    public static FileEdit InsertLineAfter(ConfigFile file, SyntaxNode node, string line) => InsertLinesAfter(file, node, [line]);

    /// <summary>Lines inserted before the line on which <paramref name="node"/> starts, with its indentation.</summary>
    public static FileEdit InsertLinesBefore(ConfigFile file, SyntaxNode node, IEnumerable<string> lines)
    {
        var source = file.Source!;
        var lineStart = source.GetLineSpan(source.GetLinePosition(node.Span.Start).Line).Start;
        var indentation = Indentation(source, node.Span.Start);
        var body = string.Concat(lines.Select(line => indentation + line + source.PreferredNewLine));
        return new FileEdit(file.Id, TextEdit.Insert(lineStart, body));
    }

    /// <summary>A new file (a systemd drop-in); its identity from <see cref="ConfigWorkspace.FileIdAt"/>.</summary>
    public static FileEdit CreateFile(FileId file, string text) => new(file, TextEdit.Insert(0, text), CreatesFile: true);

    /// <summary>The blanks that start the line holding <paramref name="position"/>.</summary>
    public static string Indentation(SourceText source, int position)
    {
        var line = source.GetLineSpan(source.GetLinePosition(position).Line);
        var end = line.Start;
        while (end < line.End && source[end] is ' ' or '\t' or '\uFEFF')
        {
            end++;
        }

        return source.ToString(TextSpan.FromBounds(line.Start, end)).Replace("\uFEFF", string.Empty, StringComparison.Ordinal);
    }

    /// <summary>What separates a key from its value on an existing line (<c> = </c>, <c>=</c>), to write new ones alike.</summary>
    public static string Separator(SourceText source, SyntaxToken key, SyntaxToken? value, string fallback)
    {
        if (value is not { } v || v.Start <= key.End)
        {
            return fallback;
        }

        var between = source.ToString(TextSpan.FromBounds(key.End, v.Start));
        return between.Contains('\n', StringComparison.Ordinal) ? fallback : between;
    }
}
