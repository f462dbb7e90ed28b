using ConfLint.Host.Haproxy;
using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Syntax.Haproxy;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// What <c>haproxy -c</c> (2.6) refuses or ignores, from the keyword table: unknown keywords (with "did you mean"),
/// keywords it no longer supports, keywords a <c>defaults</c> section (or an anonymous one) may not hold, keywords of
/// one proxy side in a section without it (a <c>server</c> in a frontend is refused; most others are ignored with a
/// warning), and argument counts where the table knows them; an address on a frontend or listen line, and a last line
/// without its line feed, which HAProxy 2.x refuses too; FastCGI's sections and keywords (<see cref="HaproxyFcgiCheck"/>).
/// Lines of <c>.if</c> blocks ConfLint cannot decide, and sections other than global, defaults, frontend, backend,
/// listen, resolvers and fcgi-app, are not judged.
/// </summary>
internal static class HaproxyValidator
{
    private static readonly HaproxyKeywordTable Table = HaproxyKeywordTable.Instance;

    public static void Check(ConfigWorkspace workspace, Findings findings)
    {
        var release26 = IsRelease26(workspace);
        foreach (var file in workspace.FilesOfKind(ConfigKind.Haproxy))
        {
            if (file.Tree?.Root is not HaproxyConfigFile root)
            {
                continue;
            }

            var conditions = new HaproxyConditions();
            foreach (var line in root.Lines)
            {
                conditions.Step(line);
            }

            // haproxy 2.6 refuses a last line without its line feed ("file might have been truncated").
            if (file.Source is { Length: > 0 } source && source.Text[^1] != '\n' && root.Sections.Count + root.Lines.Count > 0)
            {
                var last = root.Sections.Count > 0 ? (SyntaxNode)root.Sections[^1] : root.Lines[^1];
                findings.Error(file, last.LastToken, $"[{file.DisplayPath}:{source.GetLinePosition(source.Length).Line}] Missing LF on last line, file might have been truncated");
            }

            foreach (var section in root.Sections)
            {
                var headerRead = conditions.Step(section.Header);

                // An address on a frontend or listen line (HAProxy 1.x) is refused since 2.x.
                if (headerRead && section.Kind is "frontend" or "listen" && section.Header.Args.Count > 1 && section.Header.Args[1] != "from")
                {
                    findings.Error(file, section.Header, $"[{file.DisplayPath}:{section.Header.Position.Line}] please use the 'bind' keyword for listening addresses");
                }

                var named = section.Kind == "defaults" && section.Header.Args.Count > 0 && section.Header.Args[0] != "from";
                var letter = HaproxyKeywordTable.Letter(section.Kind, named);
                foreach (var line in section.Lines)
                {
                    if (conditions.Step(line) && headerRead && !line.IsScope && !line.Keyword.StartsWith('.'))
                    {
                        if (letter is { } l)
                        {
                            Judge(file, section, l, line, findings, release26);
                        }
                        else if (section.Kind == "fcgi-app")
                        {
                            HaproxyFcgiCheck.Line(file, line, findings);
                        }
                    }
                }
            }
        }

        HaproxyFcgiCheck.Check(workspace, findings);
    }

    private static void Judge(ConfigFile file, HaproxySection section, char letter, HaproxyLine line, Findings findings, bool release26)
    {
        var keyword = line.Keyword;
        var args = line.KeywordArgs;
        if (keyword.Contains('$', StringComparison.Ordinal) || keyword.Contains('"', StringComparison.Ordinal) || keyword.Contains('\'', StringComparison.Ordinal))
        {
            return;
        }

        var entry = Table.Find(keyword, args.Count > 0 ? args[0] : null);

        // A keyword of a later release (master-worker's neighbours in HAProxy 3.x, QUIC's tune.quic.*): unknown to the
        // 2.6 this table describes, read by the release an image or another distribution ships. Judged only where the
        // root shows Debian's haproxy 2.6 installed.
        if (entry is { Later: true })
        {
            if (!release26)
            {
                findings.Note($"CL000: {file.DisplayPath}:{line.Position.Line}: '{entry.Name}' is a keyword of HAProxy releases after 2.6 (or of builds Debian's leaves out); the release that reads this file is not known: not judged");
                return;
            }

            entry = null;
        }

        // A family's second word the table does not list (stats show-modules) is not judged by the one-word entry of
        // another section (global's stats).
        if (entry is not null && entry.Name == keyword && Table.IsFamily(keyword) && keyword is not ("option" or "timeout") && !entry.ReadIn(letter) && !entry.IgnoredIn(letter))
        {
            return;
        }
        var where = $"[{file.DisplayPath}:{line.Position.Line}]";
        var name = entry?.Name ?? keyword;
        if (entry is null || (entry.Name == keyword && keyword is "option" or "timeout" && letter != 'r'))
        {
            if (entry is null && Table.IsFamily(keyword) && keyword is not ("option" or "timeout"))
            {
                return;
            }

            var known = Table.All.Where(k => k.ReadIn(letter) || k.IgnoredIn(letter)).Select(k => k.Name);
            var written = keyword is "option" or "timeout" && args.Count > 0 ? keyword + " " + args[0] : keyword;
            var hint = Suggestions.Closest(written, known) is { } close ? $"; did you mean '{close}'?" : string.Empty;
            findings.Error(file, line, $"{where} unknown keyword '{written}' in '{section.Kind}' section{hint}");
            return;
        }

        if (entry.Removed)
        {
            findings.Error(file, line, $"{where} '{name}' is not supported anymore by HAProxy 2.6");
            return;
        }

        if (!entry.ReadIn(letter))
        {
            if (entry.IgnoredIn(letter))
            {
                var lacks = letter == 'b' ? "frontend" : "backend";
                findings.Warning(file, line, $"{where} '{name}' ignored because {section.Describe()} has no {lacks} capability");
            }
            else
            {
                var anonymous = letter == 'd' && entry.ReadIn('n') ? "anonymous " : string.Empty;
                findings.Error(file, line, $"{where} '{name}' not allowed in {anonymous}'{section.Kind}' section");
            }

            return;
        }

        var count = args.Count - (name.Contains(' ', StringComparison.Ordinal) ? 1 : 0);
        if (line.Modifier is null && !entry.Args.Accepts(count))
        {
            findings.Error(file, line, $"{where} '{name}' takes {Describe(entry.Args)}, not {count}");
            return;
        }

        var value = line.Modifier is not null ? null
            : name is "server" or "default-server" ? HaproxyServerCheck.Problem(section, line, release26)
            : HaproxyValueCheck.Problem(section, name, args, release26);
        if (value is not null)
        {
            findings.Error(file, line, $"{where} {value}");
        }
    }

    /// <summary>Whether dpkg's status under the root lists Debian's haproxy 2.6 as installed: the release this table is.</summary>
    private static bool IsRelease26(ConfigWorkspace workspace)
    {
        foreach (var (package, version) in DpkgStatus.Installed(workspace.FileSystem))
        {
            if (package == "haproxy")
            {
                return version.StartsWith("2.6.", StringComparison.Ordinal);
            }
        }

        return false;
    }

    private static string Describe(ArgumentCount count) =>
        count.AtLeast >= 0 ? $"at least {count.AtLeast} argument{(count.AtLeast == 1 ? string.Empty : "s")}"
        : Enumerable.Range(0, 10).Where(count.Accepts).ToList() is [var one] ? $"{one} argument{(one == 1 ? string.Empty : "s")}"
        : "another number of arguments";
}
