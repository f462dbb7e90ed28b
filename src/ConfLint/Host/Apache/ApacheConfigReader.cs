using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Host.Apache;

/// <summary>
/// Walks each Apache configuration from its main file (a file no other includes), splicing included files
/// in. <c>&lt;IfModule&gt;</c> is judged from the <c>LoadModule</c> lines of the instance (when it has none,
/// as for a lone vhost file, every module counts as loaded); <c>&lt;IfDefine&gt;</c> from <c>Define</c>.
/// </summary>
public static class ApacheConfigReader
{
    public static IReadOnlyList<ApacheInstance> Read(ConfigWorkspace workspace)
    {
        var instances = new List<ApacheInstance>();
        foreach (var file in workspace.FilesOfKind(ConfigKind.Apache))
        {
            if (file.Tree?.Root is not ApacheConfigFile root || file.IncludedFrom.Count > 0)
            {
                continue;
            }

            var modules = LoadedModules(workspace, file, root);
            var instance = new ApacheInstance(file, ApacheEnvironment.Read(workspace.FileSystem, file.Prefix)) { LoadedModules = modules };
            new Walker(workspace, instance, modules).Walk(root.Items, file, []);
            instances.Add(instance);
        }

        return instances;
    }

    /// <summary>The modules <c>LoadModule</c> names anywhere in the instance, by module name and by file name;
    /// null when there are none to go by.</summary>
    private static HashSet<string>? LoadedModules(ConfigWorkspace workspace, ConfigFile main, ApacheConfigFile root)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<ConfigFile>();
        var pending = new Stack<(ConfigFile, ApacheConfigFile)>();
        pending.Push((main, root));
        while (pending.Count > 0)
        {
            var (file, tree) = pending.Pop();
            if (!seen.Add(file))
            {
                continue;
            }

            foreach (var item in tree.DescendantItems())
            {
                if (item is ApacheDirective d && d.IsNamed("LoadModule") && d.Args.Count >= 2)
                {
                    found.Add(d.Args[0]);
                    var fileName = Path.GetFileNameWithoutExtension(d.Args[1]);
                    found.Add(fileName.StartsWith("mod_", StringComparison.OrdinalIgnoreCase) ? fileName + ".c" : "mod_" + fileName + ".c");
                }
                else if (item is ApacheDirective include && workspace.IncludeAt(include) is { ClosesCycle: false } site)
                {
                    foreach (var target in site.Targets)
                    {
                        if (target.Tree?.Root is ApacheConfigFile included)
                        {
                            pending.Push((target, included));
                        }
                    }
                }
            }
        }

        if (found.Count == 0)
        {
            return null;
        }

        // Compiled in, never loaded: Debian's `apache2 -l` (core, so, watchdog, http, log_config, logio, version, unixd);
        // RHEL's `httpd -l` only core, so and http (its conf.modules.d/00-base.conf loads the others).
        var rhel = ApacheDirectiveTable.BuiltInFor(main.DaemonPath, seen.Any(f => ApacheDirectiveTable.InRhelModulesFolder(f.DaemonPath))) == ApacheDirectiveTable.RhelBuiltIn;
        foreach (var builtIn in rhel ? new[] { "core", "so", "http" } : new[] { "core", "so", "watchdog", "http", "log_config", "logio", "version", "unixd" })
        {
            found.Add(builtIn + "_module");
            found.Add("mod_" + builtIn + ".c");
        }

        return found;
    }

    private sealed class Walker(ConfigWorkspace workspace, ApacheInstance instance, HashSet<string>? modules)
    {
        private readonly HashSet<ConfigFile> _including = [];

        /// <summary>The variables in effect where the walk is: a copy made at each Define or UnDefine, shared by the
        /// entries read between two of them.</summary>
        private IReadOnlyDictionary<string, string> _current = new Dictionary<string, string>(instance.Variables, StringComparer.Ordinal);

        public void Walk(IReadOnlyList<ApacheItem> items, ConfigFile file, IReadOnlyList<ApacheSection> sections)
        {
            if (!_including.Add(file))
            {
                return;
            }

            WalkList(items, file, sections);
            _including.Remove(file);
        }

        private void WalkList(IReadOnlyList<ApacheItem> items, ConfigFile file, IReadOnlyList<ApacheSection> sections)
        {
            foreach (var item in items)
            {
                if (item is ApacheSection section)
                {
                    if (IsActive(section))
                    {
                        var opening = _current;
                        WalkList(section.Items, file, [.. sections, section]);
                        instance.Sections.Add(new ApacheSectionEntry(section, file, sections, instance.Directives.Count, opening));
                    }

                    continue;
                }

                var directive = (ApacheDirective)item;
                instance.Directives.Add(new ApacheEntry(directive, file, sections, _current));
                if (directive.IsNamed("Define") && directive.Args.Count >= 1)
                {
                    // core's set_define: the name and value as read, each expanded with the Defines before it.
                    var name = ApacheVariables.Expand(directive.Args[0], _current);
                    var value = directive.Args.Count > 1 ? ApacheVariables.Expand(directive.Args[1], _current) : string.Empty;
                    instance.Variables[name] = value;
                    _current = new Dictionary<string, string>(instance.Variables, StringComparer.Ordinal);
                }
                else if (directive.IsNamed("UnDefine") && directive.Args.Count >= 1)
                {
                    instance.Variables.Remove(ApacheVariables.Expand(directive.Args[0], _current));
                    _current = new Dictionary<string, string>(instance.Variables, StringComparer.Ordinal);
                }
                else if (workspace.IncludeAt(directive) is { ClosesCycle: false } site)
                {
                    if (workspace.IncludeMayHideDefinitions(directive))
                    {
                        instance.IncludesUnread = true;
                    }

                    foreach (var target in site.Targets)
                    {
                        if (target.Tree?.Root is ApacheConfigFile included)
                        {
                            Walk(included.Items, target, sections);
                        }
                    }
                }
            }
        }

        private bool IsActive(ApacheSection section)
        {
            if (section.Args.Count == 0)
            {
                return true;
            }

            var condition = section.Args[0];
            var negated = condition.StartsWith('!');
            var name = negated ? condition[1..] : condition;
            if (section.IsNamed("IfModule"))
            {
                return modules is null || modules.Contains(name) != negated;
            }

            if (section.IsNamed("IfDefine"))
            {
                return instance.Variables.ContainsKey(name) != negated;
            }

            return true;
        }
    }
}
