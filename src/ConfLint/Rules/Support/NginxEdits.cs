using ConfLint.Diagnostics;
using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// Where an nginx fix may put a directive, by the directive tables (<see cref="NginxDirectiveTable"/>): the nearest
/// level at or around a place whose context takes it (never an <c>if</c> or <c>limit_except</c> that does not), and
/// edits that write lines into that level's own block, in the file that holds its braces (never into a snippet that
/// other blocks include too). A line after a directive goes on the next line only when the rest of the directive's
/// line is blank or a comment; otherwise it stays inside the block on the same line.
/// </summary>
public static class NginxEdits
{
    private static NginxDirectiveTable Table => NginxDirectiveTable.Instance;

    /// <summary>The nearest level at or around <paramref name="scope"/> where nginx of <paramref name="version"/> takes
    /// <paramref name="name"/>, or null where none does.</summary>
    public static NginxScope? NearestAllowed(NginxScope scope, string name, NginxVersion version)
    {
        var index = Table.NearestAllowed(name, scope.EnclosingContexts(), version);
        return index < 0 ? null : scope.SelfAndAncestors().ElementAt(index);
    }

    /// <summary>The level at or around <paramref name="scope"/> whose own <paramref name="name"/> applies there: the
    /// nearest that sets it (for a list such as <c>proxy_set_header</c>, the nearest that sets any: nginx inherits the
    /// whole list from one level), or null.</summary>
    public static NginxScope? SettingLevel(NginxScope scope, string name)
    {
        // A walk up the parents, not a query with a closure: the rules ask this for each of a large tree's locations.
        for (var level = scope; level is not null; level = level.Parent)
        {
            if (level.Own(name) is not null)
            {
                return level;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="level"/> is <paramref name="inner"/> or one of the levels around it, up to and
    /// including <paramref name="outer"/>.</summary>
    public static bool IsBetween(NginxScope level, NginxScope inner, NginxScope outer)
    {
        for (var scope = inner; scope is not null; scope = scope.Parent)
        {
            if (scope == level)
            {
                return true;
            }

            if (scope == outer)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Makes <c>name value;</c> apply at <paramref name="scope"/>: the directive that applies there gets the new value
    /// when it stands at the nearest level that takes it or closer; otherwise the line is added at that level (an outer
    /// one is then overridden for this level's block only, not changed for every other block it serves). Null when no
    /// level around takes the directive or the line cannot be written there.
    /// </summary>
    public static FileEdit? Set(NginxScope scope, string name, string value, NginxVersion version, (NginxDirective Directive, ConfigFile File)? anchor = null)
    {
        var target = NearestAllowed(scope, name, version);
        if (target is null)
        {
            return null;
        }

        if (SettingLevel(scope, name) is { } level && IsBetween(level, scope, target) && level.Own(name) is var (own, file) && own.Arguments.Count > 0)
        {
            var span = TextSpan.FromBounds(own.Arguments[0].Start, own.Arguments[own.Arguments.Count - 1].End);
            return Edits.Replace(file, span, value);
        }

        return InsertInto(target, [$"{name} {value};"], anchor);
    }

    /// <summary>
    /// Lines written into the block of <paramref name="scope"/>: after <paramref name="anchor"/> when it stands directly in
    /// that block, else after the block's last simple directive before its first nested block, else before that nested
    /// block, else right after the opening brace. A level with no block of its own (main, or levels assumed around a
    /// lone file) is the top of its file, where that file's top-level directives stand. Null where there is no such place.
    /// </summary>
    public static FileEdit? InsertInto(NginxScope scope, IReadOnlyList<string> lines, (NginxDirective Directive, ConfigFile File)? anchor = null)
    {
        if (scope.File is not { } file || file.Source is null)
        {
            return null;
        }

        IReadOnlyList<NginxDirective> directives;
        NginxBlock? block = null;
        if (scope.Directive is { } opener)
        {
            if (opener.Block is not { RawBody: null } body)
            {
                return null;
            }

            block = body;
            directives = body.Directives;
        }
        else if (file.Tree?.Root is NginxConfigFile root && HoldsTopLevel(scope, root))
        {
            directives = root.Directives;
        }
        else
        {
            return null;
        }

        if (anchor is var (anchorDirective, anchorFile) && anchorFile == file && directives.Contains(anchorDirective))
        {
            return InsertAfter(file, anchorDirective, lines);
        }

        var firstBlock = directives.ToList().FindIndex(d => d.HasBlock);
        var simpleBefore = (firstBlock < 0 ? directives : directives.Take(firstBlock)).LastOrDefault(d => !d.HasBlock);
        if (simpleBefore is not null)
        {
            return InsertAfter(file, simpleBefore, lines);
        }

        if (directives.Count > 0)
        {
            return InsertBefore(file, directives[0], lines);
        }

        return block is null ? InsertAtEnd(file, lines) : InsertAfterBrace(file, block, lines);
    }

    /// <summary>Lines after <paramref name="directive"/>: on the lines that follow it when the rest of its line is blank or
    /// a comment, with its indentation; else on its own line, right after it.</summary>
    public static FileEdit InsertAfter(ConfigFile file, NginxDirective directive, IReadOnlyList<string> lines)
    {
        var source = file.Source!;
        var end = directive.Span.End;
        var lineEnd = source.IndexOf('\n', end);
        var rest = source.ToString(TextSpan.FromBounds(end, lineEnd < 0 ? source.Length : lineEnd)).Trim();
        if (rest.Length == 0 || rest.StartsWith('#'))
        {
            return Edits.InsertLinesAfter(file, directive, lines);
        }

        return Edits.Replace(file, new TextSpan(end, 0), " " + string.Join(" ", lines));
    }

    /// <summary>Lines before <paramref name="directive"/>, with its indentation, when it starts its line; else right before it.</summary>
    public static FileEdit InsertBefore(ConfigFile file, NginxDirective directive, IReadOnlyList<string> lines)
    {
        var source = file.Source!;
        var start = directive.Span.Start;
        var lineStart = source.GetLineSpan(source.GetLinePosition(start).Line).Start;
        if (source.ToString(TextSpan.FromBounds(lineStart, start)).Trim().Length == 0)
        {
            return Edits.InsertLinesBefore(file, directive, lines);
        }

        return Edits.Replace(file, new TextSpan(start, 0), string.Join(" ", lines) + " ");
    }

    /// <summary>Edits that insert at the same place of the same file, joined into one (their texts in order): a fix
    /// that adds two lines to one level gives one insertion, which does not conflict with itself.</summary>
    public static List<FileEdit> Merge(IEnumerable<FileEdit> edits)
    {
        var merged = new List<FileEdit>();
        foreach (var edit in edits)
        {
            var same = merged.FindIndex(m => m.File == edit.File && !m.CreatesFile && m.Edit.Span.IsEmpty && edit.Edit.Span.IsEmpty && m.Edit.Span.Start == edit.Edit.Span.Start);
            if (same < 0)
            {
                merged.Add(edit);
                continue;
            }

            var first = merged[same].Edit.NewText;
            var second = edit.Edit.NewText;
            // Two inline insertions each begin with the blank that separates them from the text before.
            merged[same] = merged[same] with { Edit = merged[same].Edit with { NewText = first + second } };
        }

        return merged;
    }

    /// <summary>Whether <paramref name="scope"/> is the level a file's top-level directives stand in.</summary>
    private static bool HoldsTopLevel(NginxScope scope, NginxConfigFile root)
    {
        var top = root.Directives.ToHashSet<NginxDirective>(ReferenceEqualityComparer.Instance);
        return scope.Settings.Any(s => top.Contains(s.Directive)) || scope.Children.Any(c => c.Directive is { } d && top.Contains(d));
    }

    private static FileEdit InsertAtEnd(ConfigFile file, IReadOnlyList<string> lines)
    {
        var source = file.Source!;
        var newline = source.PreferredNewLine;
        var prefix = source.Length == 0 || source[source.Length - 1] == '\n' ? string.Empty : newline;
        return Edits.Replace(file, new TextSpan(source.Length, 0), prefix + string.Concat(lines.Select(l => l + newline)));
    }

    private static FileEdit InsertAfterBrace(ConfigFile file, NginxBlock block, IReadOnlyList<string> lines)
    {
        var source = file.Source!;
        var brace = block.OpenBrace.End;
        var lineEnd = source.IndexOf('\n', brace);
        var after = lineEnd < 0 ? string.Empty : source.ToString(TextSpan.FromBounds(brace, lineEnd)).Trim();
        if (lineEnd < 0 || after.Length > 0 && !after.StartsWith('#'))
        {
            return Edits.Replace(file, new TextSpan(brace, 0), " " + string.Join(" ", lines));
        }

        var indentation = Edits.Indentation(source, block.OpenBrace.Start) + (Edits.Indentation(source, block.OpenBrace.Start).Contains('\t') ? "\t" : "    ");
        var body = string.Concat(lines.Select(line => indentation + line + source.PreferredNewLine));
        return Edits.Replace(file, new TextSpan(lineEnd + 1, 0), body);
    }
}
