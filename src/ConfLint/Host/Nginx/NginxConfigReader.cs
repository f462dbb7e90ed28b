using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Host.Nginx;

/// <summary>
/// Walks each nginx configuration of a workspace from its main file, splicing included files in where their
/// <c>include</c> stands, and builds its levels. A file no other file includes is a main file; when it holds
/// no <c>http</c> block, the levels nginx would have put around it are assumed from what it holds
/// (server blocks: http; locations: server; anything else: location).
/// </summary>
public static class NginxConfigReader
{
    public static readonly IReadOnlySet<string> PassDirectives =
        new HashSet<string>(StringComparer.Ordinal) { "fastcgi_pass", "proxy_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass" };

    public static IReadOnlyList<NginxInstance> Read(ConfigWorkspace workspace)
    {
        var instances = new List<NginxInstance>();
        foreach (var file in workspace.FilesOfKind(ConfigKind.Nginx))
        {
            if (file.Tree is null || file.IncludedFrom.Count > 0)
            {
                continue;
            }

            var root = (NginxConfigFile)file.Tree.Root;
            var main = new NginxScope(null, null, file, NginxContext.Main);
            var instance = new NginxInstance(file, main);
            instance.Scopes.Add(main);
            var start = AssumedLevels(instance, main, file, root.Directives);
            instance.SeesAllDefinitions = start == main;
            var walker = new Walker(workspace, instance);
            walker.Walk(root.DirectiveArray, file, start);
            foreach (var scope in instance.Scopes)
            {
                // The levels around the file (main, and those assumed around a lone file) end with it.
                walker.Seal(scope);
            }

            instances.Add(instance);
        }

        return instances;
    }

    private static NginxScope AssumedLevels(NginxInstance instance, NginxScope main, ConfigFile file, IReadOnlyList<NginxDirective> top)
    {
        bool Has(string name) => top.Any(d => d.Name == name);
        if (Has("http") || Has("events") || Has("stream") || Has("user") || Has("worker_processes"))
        {
            return main;
        }

        var scope = new NginxScope(main, null, file, NginxContext.Http);
        instance.Scopes.Add(scope);
        if (Has("server") || Has("upstream") || Has("map"))
        {
            return scope;
        }

        scope = new NginxScope(scope, null, file, NginxContext.Server);
        instance.Scopes.Add(scope);
        if (Has("location"))
        {
            return scope;
        }

        scope = new NginxScope(scope, null, file, NginxContext.Location);
        instance.Scopes.Add(scope);
        return scope;
    }

    private sealed class Walker(ConfigWorkspace workspace, NginxInstance instance)
    {
        private readonly HashSet<ConfigFile> _including = [];

        // The lists a level gathers its settings in while it is read, kept for the next level once it is sealed: levels
        // nest only as deep as the blocks do, so a handful serve a tree's tens of thousands.
        private readonly Stack<List<NginxDirective>> _spare = new();

        public void Seal(NginxScope scope) => scope.Seal(_spare);

        /// <summary>Walks a whole file; a file already on the way here (an include cycle) is not walked again.</summary>
        public void Walk(NginxDirective[] directives, ConfigFile file, NginxScope scope)
        {
            if (!_including.Add(file))
            {
                return;
            }

            WalkList(directives, file, scope);
            _including.Remove(file);
        }

        private void WalkList(NginxDirective[] directives, ConfigFile file, NginxScope scope)
        {
            for (var i = 0; i < directives.Length; i++)
            {
                var directive = directives[i];
                if (directive.Block is { RawBody: null } block)
                {
                    var context = NginxContexts.Opened(directive.Name, scope.Context);
                    var child = new NginxScope(scope, directive, file, context);
                    instance.Scopes.Add(child);
                    if (context is NginxContext.Upstream or NginxContext.StreamUpstream && directive.Args.Count == 1)
                    {
                        var upstreams = context == NginxContext.Upstream ? instance.Upstreams : instance.StreamUpstreams;
                        upstreams.TryAdd(directive.Args[0], new NginxUpstream(directive.Args[0], directive, file, child));
                    }

                    WalkList(block.DirectiveArray, file, child);
                    Seal(child);
                    continue;
                }

                scope.Add(directive, file, _spare);
                if (PassDirectives.Contains(directive.Name))
                {
                    instance.Passes.Add((directive, file, scope));
                }
                else if (directive.Name == "include" && scope.Context is NginxContext.Http or NginxContext.Stream && workspace.IncludeMayHideDefinitions(directive))
                {
                    instance.SeesAllDefinitions = false;
                }

                if (directive.Name == "include" && workspace.IncludeAt(directive) is { ClosesCycle: false } site)
                {
                    for (var t = 0; t < site.Targets.Count; t++)
                    {
                        if (site.Targets[t].Tree?.Root is NginxConfigFile included)
                        {
                            Walk(included.DirectiveArray, site.Targets[t], scope);
                        }
                    }
                }
            }
        }
    }
}
