using ConfLint.Host.Haproxy;
using ConfLint.Syntax;
using ConfLint.Syntax.Haproxy;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// What <c>haproxy -c</c> (2.6) refuses about FastCGI (fcgi-app.c): a keyword an <c>fcgi-app</c> section does not know
/// (<c>cfg_parse_fcgi_app</c>: <c>unset-param</c> and <c>hide-header</c> are compiled out in 2.6) or an unknown
/// <c>option</c>; <c>use-fcgi-app</c> outside a backend or listen section (<c>proxy_parse_use_fcgi_app</c>) or naming
/// no fcgi-app (<c>fcgi_flt_check</c>); and, once everything is read (<c>cfg_fcgi_apps_postparser</c>), an fcgi-app
/// without <c>docroot</c>, a <c>proto fcgi</c> server (on its line or a <c>default-server</c> line) in a backend without
/// <c>use-fcgi-app</c>, a backend with <c>use-fcgi-app</c> and no such server, or one in <c>mode tcp</c>. The checks
/// across sections are made per HAProxy process (its files together), and not where an <c>.if</c> block ConfLint cannot
/// decide may hide a section or line, nor for a line whose words hold an unknown variable; an fcgi-app name is looked up
/// only where the files read together are known (a service names them, or the tree holds one HAProxy file).
/// </summary>
internal static class HaproxyFcgiCheck
{
    private static readonly string[] Keywords = ["acl", "docroot", "index", "path-info", "set-param", "pass-header", "option", "log-stderr"];

    private static readonly string[] Options = ["keep-conn", "get-values", "mpxs-conns", "max-reqs"];

    /// <summary>A line of an <c>fcgi-app</c> section, as <c>cfg_parse_fcgi_app</c> reads it.</summary>
    public static void Line(ConfigFile file, HaproxyLine line, Findings findings)
    {
        var keyword = line.Keyword;
        if (keyword.Contains('$', StringComparison.Ordinal) || keyword.Contains('"', StringComparison.Ordinal) || keyword.Contains('\'', StringComparison.Ordinal))
        {
            return;
        }

        var where = $"[{file.DisplayPath}:{line.Position.Line}]";
        if (!Keywords.Contains(keyword))
        {
            findings.Error(file, line, $"{where} unknown keyword '{keyword}' in 'fcgi-app' section");
        }
        else if (keyword == "option" && line.KeywordArgs is [var option, ..] && !option.Contains('$', StringComparison.Ordinal) && !Options.Contains(option))
        {
            findings.Error(file, line, $"{where} unknown option '{option}'.");
        }
    }

    /// <summary>The checks across sections, for each HAProxy process of the workspace.</summary>
    public static void Check(ConfigWorkspace workspace, Findings findings)
    {
        var haproxyFiles = workspace.FilesOfKind(ConfigKind.Haproxy).Count();
        foreach (var instance in HaproxyConfigReader.Read(workspace))
        {
            if (instance.Files.Any(HasCondition))
            {
                continue;
            }

            // A file no service names is read on its own: among several, the fcgi-app a backend names may be in another
            // file that the same haproxy reads (-f FOLDER), so a name it lacks is not judged.
            var wholeConfiguration = instance.UnitName is not null || haproxyFiles == 1;

            foreach (var app in instance.FcgiApps)
            {
                if (app.Docroot is null && !app.Settings.Any(s => s.Keyword == "docroot" && s.Unknown))
                {
                    findings.Error(app.File, app.Section.Header, $"fcgi-app '{app.Name}': no docroot configured.");
                }
            }

            foreach (var proxy in instance.Proxies)
            {
                Proxy(instance, proxy, wholeConfiguration, findings);
            }
        }
    }

    private static void Proxy(HaproxyInstance instance, HaproxyProxy proxy, bool wholeConfiguration, Findings findings)
    {
        var use = proxy.Own("use-fcgi-app");
        if (use is not null && !proxy.IsBackend)
        {
            findings.Error(use.File, use.Line, $"[{use.File.DisplayPath}:{use.Line.Position.Line}] 'use-fcgi-app' only available in backend or listen section");
            return;
        }

        if (!proxy.IsBackend || use?.Unknown == true || proxy.Servers.Any(s => s.Setting.Unknown))
        {
            return;
        }

        var name = proxy.Name;
        if (use is not null && use.Arg(0) is { } appName && instance.FcgiApp(appName) is null)
        {
            if (wholeConfiguration)
            {
                findings.Error(use.File, use.Line, $"proxy '{name}' : fcgi-app '{appName}' not found.");
            }
            else
            {
                findings.Note($"CL000: {use.File.DisplayPath}:{use.Line.Position.Line}: fcgi-app '{appName}' is not in this file, and no service says which other HAProxy files are read with it: not judged");
            }

            return;
        }

        var fcgiServers = proxy.Servers.Where(s => s.Parameter("proto") == "fcgi").ToList();
        if (use is not null && proxy.Mode == "tcp")
        {
            findings.Error(use.File, use.Line, $"proxy '{name}': FCGI application cannot be used in non-HTTP mode.");
        }
        else if (use is null && fcgiServers.Count > 0)
        {
            var server = fcgiServers[0];
            findings.Error(server.Setting.File, server.Setting.Line, $"proxy '{name}': FCGI server '{server.Name}' has no FCGI app configured.");
        }
        else if (use is not null && fcgiServers.Count == 0)
        {
            findings.Error(use.File, use.Line, $"proxy '{name}': FCGI app configured but no FCGI server found.");
        }
    }

    /// <summary>Whether the file has <c>.if</c> blocks: what they hold is read only where ConfLint decides them.</summary>
    private static bool HasCondition(ConfigFile file) =>
        file.Tree?.Root is HaproxyConfigFile root
        && (root.Lines.Any(l => l.Name == ".if") || root.Sections.Any(s => s.Header.Name == ".if" || s.Lines.Any(l => l.Name == ".if")));
}
