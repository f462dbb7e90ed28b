using ConfLint.Syntax;
using ConfLint.Syntax.Haproxy;
using ConfLint.Workspace;
using ConfLint.Workspace.Haproxy;

namespace ConfLint.Host.Haproxy;

/// <summary>
/// Reads each HAProxy of a host into a <see cref="HaproxyInstance"/>: under a root, the files its service names, in
/// order (<see cref="HaproxyLaunch"/>); every other HAProxy file on its own. Sections are read in file order, so a proxy
/// inherits from the last <c>defaults</c> before it, across files, as HAProxy does; <c>setenv</c> and kin in
/// <c>global</c> change the environment the following words see; <c>fcgi-app</c> sections are kept by name.
/// </summary>
internal static class HaproxyConfigReader
{
    public static List<HaproxyInstance> Read(ConfigWorkspace workspace)
    {
        var instances = new List<HaproxyInstance>();
        var used = new HashSet<ConfigFile>();
        if (workspace.FileSystem.Root is not null)
        {
            foreach (var launch in workspace.HaproxyLaunches)
            {
                var files = launch.ConfigPaths.Select(workspace.FindFile).OfType<ConfigFile>().Where(f => f.Kind == ConfigKind.Haproxy).Distinct().ToList();
                if (files.Count > 0)
                {
                    used.UnionWith(files);
                    instances.Add(Build(launch.UnitName, files, new Dictionary<string, string>(launch.Environment, StringComparer.Ordinal)));
                }
            }
        }

        foreach (var file in workspace.FilesOfKind(ConfigKind.Haproxy).Where(f => !used.Contains(f)).OrderBy(f => f.DisplayPath, StringComparer.Ordinal))
        {
            instances.Add(Build(null, [file], new Dictionary<string, string>(StringComparer.Ordinal)));
        }

        return instances;
    }

    private static HaproxyInstance Build(string? unit, IReadOnlyList<ConfigFile> files, Dictionary<string, string> environment)
    {
        var instance = new HaproxyInstance(unit, files, environment);
        environment.TryAdd("HAPROXY_CFGFILES", string.Join(';', files.Select(f => f.ServerPath)));
        HaproxyProxy? lastDefaults = null;
        var named = new Dictionary<string, HaproxyProxy>(StringComparer.Ordinal);
        foreach (var file in files)
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

            foreach (var section in root.Sections)
            {
                var headerRead = conditions.Step(section.Header);
                var proxy = headerRead ? Open(instance, section, file, ref lastDefaults, named) : null;
                var fcgiApp = headerRead && section.Kind == "fcgi-app" && section.Header.Args.Count > 0 ? new HaproxyFcgiApp(section.Header.Args[0], section, file) : null;
                if (fcgiApp is not null)
                {
                    instance.FcgiApps.Add(fcgiApp);
                }

                foreach (var line in section.Lines)
                {
                    if (!conditions.Step(line) || !headerRead)
                    {
                        continue;
                    }

                    var setting = Read(line, file, instance.Environment);
                    if (section.Kind == "global")
                    {
                        instance.Global.Add(setting);
                        ApplyEnvironment(setting, instance.Environment);
                    }
                    else if (fcgiApp is not null)
                    {
                        fcgiApp.Settings.Add(setting);
                    }
                    else if (proxy is not null)
                    {
                        proxy.Settings.Add(setting);
                        if (proxy.IsBackend && setting.Line.Modifier is null && setting.Keyword is "server" or "server-template")
                        {
                            proxy.Servers.Add(new HaproxyServer(setting, proxy, setting.Keyword == "server-template"));
                        }
                    }
                }
            }
        }

        instance.Web = Identity(instance);
        return instance;
    }

    /// <summary>Registers a section: a proxy (with the defaults it inherits), a global section, a resolvers section.</summary>
    private static HaproxyProxy? Open(HaproxyInstance instance, HaproxySection section, ConfigFile file, ref HaproxyProxy? lastDefaults, Dictionary<string, HaproxyProxy> named)
    {
        var args = section.Header.Args;
        switch (section.Kind)
        {
            case "global":
                instance.GlobalSections.Add((section, file));
                return null;
            case "resolvers" when args.Count > 0:
                instance.Resolvers.Add((args[0], section, file));
                return null;
            case "defaults" or "frontend" or "backend" or "listen":
                var fromAt = args.ToList().IndexOf("from");
                var name = fromAt == 0 || args.Count == 0 ? null : args[0];
                var from = fromAt >= 0 && fromAt + 1 < args.Count ? args[fromAt + 1] : null;
                var defaults = from is not null ? named.GetValueOrDefault(from) : section.Kind == "defaults" ? null : lastDefaults;
                var proxy = new HaproxyProxy(instance, section, file, defaults, name);
                instance.Proxies.Add(proxy);
                if (section.Kind == "defaults")
                {
                    lastDefaults = proxy;
                    if (name is not null)
                    {
                        named[name] = proxy;
                    }
                }

                return proxy;
            default:
                return null;
        }
    }

    private static HaproxySetting Read(HaproxyLine line, ConfigFile file, IReadOnlyDictionary<string, string> environment)
    {
        var unknown = false;
        var words = new List<string>(line.Arguments.Count + 1);
        foreach (var token in line.Arguments.Prepend(line.KeywordToken))
        {
            words.Add(HaproxyText.Expand(token.Tree.Source.Text.AsSpan(token.Start, token.End - token.Start), environment, out var missing));
            unknown |= missing;
        }

        return new HaproxySetting(line, file, words, unknown);
    }

    /// <summary><c>setenv</c>, <c>presetenv</c>, <c>unsetenv</c> and <c>resetenv</c> run while HAProxy reads the file.</summary>
    private static void ApplyEnvironment(HaproxySetting setting, Dictionary<string, string> environment)
    {
        var args = setting.Args;
        switch (setting.Keyword)
        {
            case "setenv" when args.Count >= 2:
                environment[args[0]] = args[1];
                break;
            case "presetenv" when args.Count >= 2:
                environment.TryAdd(args[0], args[1]);
                break;
            case "unsetenv":
                foreach (var name in args)
                {
                    environment.Remove(name);
                }

                break;
            case "resetenv":
                foreach (var name in environment.Keys.Where(k => !args.Contains(k)).ToList())
                {
                    environment.Remove(name);
                }

                break;
        }
    }

    /// <summary>The user and group of <c>user</c>/<c>uid</c> and <c>group</c>/<c>gid</c> in global; else whoever starts it.</summary>
    private static WebIdentity Identity(HaproxyInstance instance)
    {
        var user = instance.GlobalSetting("user") ?? instance.GlobalSetting("uid");
        var group = instance.GlobalSetting("group") ?? instance.GlobalSetting("gid");
        if (user?.Arg(0) is not { } name)
        {
            return new WebIdentity("root", group?.Arg(0) ?? "root", "HAProxy's default: the user that starts it (no 'user' in global)");
        }

        return new WebIdentity(name, group?.Arg(0) ?? name, $"HAProxy '{user.Keyword}' in global", user.File, user.Line);
    }
}
