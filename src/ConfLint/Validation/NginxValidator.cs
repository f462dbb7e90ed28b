using ConfLint.Configuration;
using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// What <c>nginx -t</c> refuses, for each nginx configuration read from its main file with includes spliced in
/// where they stand (an included file takes the context of its <c>include</c>): unknown directives, directives in
/// the wrong context, <c>;</c> against <c>{</c>, argument counts, repeats, invalid values, the buffer arithmetic,
/// duplicate default servers, upstreams without servers. A file no configuration includes is judged on its own
/// only where there is no main file; its context is then taken from what it holds.
/// </summary>
internal static class NginxValidator
{
    private static readonly HashSet<string> MainMarkers = new(StringComparer.Ordinal) { "http", "events", "stream", "mail", "worker_processes", "user", "pid", "load_module" };

    public static void Check(ConfigWorkspace workspace, ConfLintConfig config, Findings findings)
    {
        var tops = workspace.FilesOfKind(ConfigKind.Nginx).Where(f => f.Tree is not null && f.IncludedFrom.Count == 0).ToList();
        var mains = tops.Where(f => ((NginxConfigFile)f.Tree!.Root).Directives.Any(d => MainMarkers.Contains(d.Name))).ToList();
        foreach (var file in mains.Count > 0 ? mains : tops)
        {
            var root = (NginxConfigFile)file.Tree!.Root;
            var real = mains.Count > 0;
            var start = real ? NginxContext.Main : Assumed(root);
            var mainLevel = MainLevel(workspace, file, root);
            var environment = NginxEnvironment.For(workspace, config, mainLevel, real, file);
            if (real)
            {
                CheckLoadedTwice(mainLevel, findings);
                CheckEvents(workspace, file, root, mainLevel, findings);
            }

            new NginxWalker(workspace, environment, findings, assumed: !real).Run(file, root, start);
        }
    }

    /// <summary>The context nginx would read a lone file in, from what it holds: server blocks stand in http,
    /// locations in a server; None (context not judged at the top) otherwise.</summary>
    private static NginxContext Assumed(NginxConfigFile root)
    {
        bool Has(string name) => root.Directives.Any(d => d.Name == name);
        return Has("server") || Has("upstream") || Has("map") ? NginxContext.Http : Has("location") ? NginxContext.Server : NginxContext.None;
    }

    /// <summary><c>ngx_load_module</c>: the same module file loaded twice ("module ... is already loaded").</summary>
    private static void CheckLoadedTwice(List<(NginxDirective Directive, ConfigFile File)> mainLevel, Findings findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (directive, file) in mainLevel.Where(d => d.Directive.Name == "load_module" && d.Directive.Args.Count == 1))
        {
            var module = Path.GetFileNameWithoutExtension(directive.Args[0]);
            if (!directive.Args[0].Contains('$', StringComparison.Ordinal) && !seen.Add(module))
            {
                findings.Error(file, directive, $"module \"{module}\" is already loaded");
            }
        }
    }

    /// <summary>
    /// ngx_event_init_conf: nginx refuses a configuration without an <c>events</c> block ("no "events" section in
    /// configuration"). Judged for a file named nginx.conf whose main level, includes followed, is all read: an include
    /// there that brought nothing in may hold the block on the server.
    /// </summary>
    private static void CheckEvents(ConfigWorkspace workspace, ConfigFile file, NginxConfigFile root, List<(NginxDirective Directive, ConfigFile File)> mainLevel, Findings findings)
    {
        if (Path.GetFileName(file.DisplayPath) != "nginx.conf" || mainLevel.Any(d => d.Directive.Name == "events")
            || mainLevel.Any(d => d.Directive.Name == "include" && workspace.IncludeAt(d.Directive) is not { Targets.Count: > 0 }))
        {
            return;
        }

        findings.Error(file, root, "no \"events\" section in configuration");
    }

    /// <summary>The directives at the main level, includes followed (where <c>load_module</c> stands).</summary>
    private static List<(NginxDirective, ConfigFile)> MainLevel(ConfigWorkspace workspace, ConfigFile file, NginxConfigFile root)
    {
        var result = new List<(NginxDirective, ConfigFile)>();
        // A file included twice is read twice, as nginx does; only a file that includes itself is stopped.
        var open = new HashSet<ConfigFile>();
        void Walk(ConfigFile f, IReadOnlyList<NginxDirective> directives)
        {
            if (!open.Add(f))
            {
                return;
            }

            foreach (var d in directives)
            {
                result.Add((d, f));
                if (d.Name == "include" && workspace.IncludeAt(d) is { ClosesCycle: false } site)
                {
                    foreach (var target in site.Targets)
                    {
                        if (target.Tree?.Root is NginxConfigFile included)
                        {
                            Walk(target, included.Directives);
                        }
                    }
                }
            }

            open.Remove(f);
        }

        Walk(file, root.Directives);
        return result;
    }
}
