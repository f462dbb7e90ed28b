using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Nginx;
using ConfLint.Syntax.PhpFpm;

namespace ConfLint.Workspace;

/// <summary>Finds the include directives of a parsed file, with each daemon's rules for resolving them.</summary>
public static class IncludeFinder
{
    /// <param name="tree">The parsed file.</param>
    /// <param name="prefix">The daemon's folder for relative paths: nginx's conf prefix, Apache's ServerRoot, PHP-FPM's prefix.</param>
    /// <param name="variables">Apache's <c>${VAR}</c> values (Debian's envvars); null when unknown.</param>
    public static IEnumerable<IncludeRequest> Find(SyntaxTree tree, string prefix, IReadOnlyDictionary<string, string>? variables = null) => tree.Kind switch
    {
        ConfigKind.Nginx => FindNginx((NginxConfigFile)tree.Root, prefix),
        ConfigKind.Apache => FindApache((ApacheConfigFile)tree.Root, prefix, variables),
        ConfigKind.PhpFpm => FindPhpFpm((PhpFpmConfigFile)tree.Root, prefix),
        ConfigKind.Supervisor => FindSupervisor((Syntax.Supervisor.SupervisorConfigFile)tree.Root, prefix),
        _ => [],
    };

    /// <summary>
    /// PHP-FPM's <c>include=</c>, anywhere in a file: a glob(3) pattern, relative ones taken from the prefix
    /// (<c>-p</c>, else /usr). A pattern that matches nothing is only a warning to php-fpm
    /// ("Nothing matches the include pattern"), so nothing here is required.
    /// </summary>
    private static IEnumerable<IncludeRequest> FindPhpFpm(PhpFpmConfigFile file, string prefix)
    {
        var rules = new IncludeRules(prefix, MissingLiteralIsError: false, EmptyGlobIsError: false, DirectoryIncludesFiles: false);
        foreach (var entry in file.AllEntries())
        {
            // fpm_conf_ini_parser_entry compares with strcmp: "Include" is an unknown entry, not an include.
            if (entry.Key.Equals("include", StringComparison.Ordinal) && entry.ValueToken is { } value)
            {
                yield return new IncludeRequest(entry, value, entry.Value, rules);
            }
        }
    }

    /// <summary>
    /// supervisord's <c>[include] files</c>: globs separated by blanks, relative ones taken from the including file's folder
    /// (here the prefix, the main file's folder), <c>%(here)s</c> expanded; a pattern that matches nothing is not an error.
    /// Each pattern is one include site, globbed in turn as supervisord does (options.py, <c>read_config</c>: <c>files.split()</c>,
    /// then each pattern joined to the including file's folder and globbed, its matches read in sorted order).
    /// </summary>
    private static IEnumerable<IncludeRequest> FindSupervisor(Syntax.Supervisor.SupervisorConfigFile file, string prefix)
    {
        var rules = new IncludeRules(prefix, MissingLiteralIsError: false, EmptyGlobIsError: false, DirectoryIncludesFiles: false);
        foreach (var section in file.SectionsNamed("include"))
        {
            if (section.Find("files") is { ValueToken: { } value } entry)
            {
                // Python's str.split(): any run of whitespace separates two patterns.
                foreach (var pattern in entry.Value.Replace("%(here)s", prefix, StringComparison.Ordinal).Split((char[])[' ', '\t', '\n', '\r', '\f', '\v'], StringSplitOptions.RemoveEmptyEntries))
                {
                    yield return new IncludeRequest(entry, value, pattern, rules);
                }
            }
        }
    }

    /// <summary>
    /// Apache's <c>Include</c> and <c>IncludeOptional</c>, in any section. Relative paths are taken from
    /// ServerRoot (a <c>ServerRoot</c> directive earlier in the file moves it); <c>${VAR}</c> is expanded from
    /// envvars and earlier <c>Define</c>s. <c>Include</c> fails on a missing file or a wildcard that matches
    /// nothing; <c>IncludeOptional</c> does not. A folder includes every file below it.
    /// </summary>
    private static IEnumerable<IncludeRequest> FindApache(ApacheConfigFile file, string prefix, IReadOnlyDictionary<string, string>? variables)
    {
        var known = new Dictionary<string, string>(variables ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var serverRoot = prefix;
        foreach (var item in file.DescendantItems())
        {
            if (item is not ApacheDirective directive || directive.Args.Count == 0)
            {
                continue;
            }

            if (directive.IsNamed("ServerRoot"))
            {
                serverRoot = ApacheVariables.Expand(directive.Args[0], known).TrimEnd('/');
            }
            else if (directive.IsNamed("Define"))
            {
                known[directive.Args[0]] = directive.Args.Count > 1 ? directive.Args[1] : string.Empty;
            }
            else if (directive.IsNamed("Include") || directive.IsNamed("IncludeOptional"))
            {
                // Inside an <IfVersion> httpd 2.4 skips, the include is not read; where the patch level decides, not required.
                var version = IfVersionAround(directive);
                if (version == false)
                {
                    continue;
                }

                var required = directive.IsNamed("Include") && version == true;
                var rules = new IncludeRules(serverRoot, MissingLiteralIsError: required, EmptyGlobIsError: required, DirectoryIncludesFiles: true, GlobDialect.Fnmatch);
                yield return new IncludeRequest(directive, directive.Arguments[0], ApacheVariables.Expand(directive.Args[0], known), rules);
            }
        }
    }

    /// <summary>Whether every <c>&lt;IfVersion&gt;</c> around the item holds for httpd 2.4 (true when there is none), one
    /// does not (false), or the patch level decides (null).</summary>
    private static bool? IfVersionAround(ApacheItem item)
    {
        bool? result = true;
        for (var section = item.ParentSection; section is not null; section = section.ParentSection)
        {
            if (section.IsNamed("IfVersion"))
            {
                var active = ApacheIfVersion.IsActive(section.Args);
                if (active == false)
                {
                    return false;
                }

                result = active == true ? result : null;
            }
        }

        return result;
    }

    /// <summary>
    /// nginx's <c>include</c> may stand in any context. A pattern with <c>*?[</c> is a glob that may match
    /// nothing; a plain path must exist (ngx_conf_include). Relative paths are taken from the conf prefix.
    /// </summary>
    private static IEnumerable<IncludeRequest> FindNginx(NginxConfigFile file, string prefix)
    {
        var rules = new IncludeRules(prefix, MissingLiteralIsError: true, EmptyGlobIsError: false, DirectoryIncludesFiles: false);
        var found = new List<IncludeRequest>();
        CollectNginx(file.DirectiveArray, rules, found);
        return found;
    }

    /// <summary>Depth first, in document order.</summary>
    private static void CollectNginx(NginxDirective[] directives, IncludeRules rules, List<IncludeRequest> found)
    {
        for (var i = 0; i < directives.Length; i++)
        {
            var directive = directives[i];
            if (directive.Block is { } block)
            {
                CollectNginx(block.DirectiveArray, rules, found);
            }
            else if (directive.Arguments.Count == 1 && directive.Name == "include")
            {
                found.Add(new IncludeRequest(directive, directive.Arguments[0], directive.Args[0], rules));
            }
        }
    }
}
