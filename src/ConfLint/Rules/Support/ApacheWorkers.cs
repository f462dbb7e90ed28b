using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// Which mod_proxy worker serves a front end's requests, and what that worker has for a parameter (<c>timeout</c>,
/// <c>secret</c>), as httpd works it out (mod_proxy.c, proxy_util.c of 2.4):
/// <list type="bullet">
/// <item>Workers are defined per server (the main server, each virtual host), in the order the configuration is read. A
/// <c>ProxyPass</c>/<c>ProxyPassMatch</c> (<c>add_pass</c>) looks for an existing worker of its server first
/// (<c>ap_proxy_get_worker_ex</c>: the longest worker name that begins its URL); it shares one it finds and then ignores
/// the parameters on its line ("AH01146: Ignoring parameter ... because of worker sharing"), else it defines a worker
/// named by its URL with those parameters.</item>
/// <item><c>&lt;Proxy URL key=value ...&gt;</c> (<c>proxysection</c>) sets its parameters on the worker its URL finds,
/// defining one when none does, after the directives inside the section; <c>ProxySet key=value</c> inside
/// <c>&lt;Proxy URL&gt;</c>, or <c>ProxySet URL key=value</c> (<c>set_proxy_param</c>), does the same (outside a section only
/// on a worker that exists). Later settings of a key replace earlier ones.</item>
/// <item>A worker's name is its URL without a <c>unix:PATH|</c> socket (<c>ap_proxy_de_socketfy</c>), scheme and host in
/// lower case and the scheme's default port left out (<c>ap_proxy_define_worker_ex</c>); a <c>ProxyPassMatch</c>'s or
/// <c>&lt;ProxyMatch&gt;</c>'s name is matched with <c>$N</c> standing for anything (<c>ap_proxy_strcmp_ematch</c>).</item>
/// <item>A request uses the worker whose name is the longest that begins its URL (at least <c>scheme://host[:port]</c>),
/// among the main server's workers and then its virtual host's (unless <c>BalancerInherit</c> and <c>ProxyPassInherit</c>
/// are both off), the first of equal length winning; with none, the
/// default worker, whose parameters are mod_proxy's <c>ProxyTimeout</c>/<c>Timeout</c>. A front end's URL is only the start
/// of its requests' (the request path follows), so a longer worker that may serve some of them and gives the parameter
/// another value leaves it unknown.</item>
/// </list>
/// </summary>
internal static class ApacheWorkers
{
    /// <summary>A worker parameter as written: its key as written, its value (variables expanded), the word that sets it
    /// (what a fix edits), and the line that holds it (a <c>ProxyPass</c>, <c>ProxySet</c> or a <c>&lt;Proxy&gt;</c> section).</summary>
    public sealed record Setting(string Key, string Value, SyntaxToken Token, ApacheItem Item, ConfigFile File)
    {
        /// <summary>Where it is set, for messages: "ProxyPass", "ProxySet", "&lt;Proxy fcgi://app/&gt;".</summary>
        public string Place => Item is ApacheSection section ? $"<{section.Name} {(section.Args.Count > 0 ? section.Args[0] : string.Empty)}>" : Item.Name;
    }

    /// <summary>What a front end's worker has for a parameter: <see cref="Setting"/> where one definition sets it; neither
    /// where the worker that serves it does not set it (the default applies); <see cref="Unknown"/>, a reason for --verbose,
    /// where more than one definition may apply or the value is not literal. <see cref="Worker"/> is the line that defines
    /// the worker used (null for the default worker or when unknown).</summary>
    public sealed record Answer(Setting? Setting, string? Unknown, ApacheItem? Worker)
    {
        public static readonly Answer NotSet = new(null, null, null);
    }

    private sealed class Worker(string name, bool matchable, ApacheSection? server, ApacheItem definedBy, ConfigFile file)
    {
        public string Name { get; } = name;

        /// <summary>A ProxyPassMatch's or &lt;ProxyMatch&gt;'s worker: matched with <c>$N</c> standing for anything.</summary>
        public bool Matchable { get; } = matchable;

        public ApacheSection? Server { get; } = server;

        public ApacheItem DefinedBy { get; } = definedBy;

        public ConfigFile File { get; } = file;

        public Dictionary<string, Setting> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    }

    /// <summary>The workers of one Apache configuration, and the worker each ProxyPass/ProxyPassMatch line defined or
    /// shares; worked out once per configuration (<see cref="Of"/>), with what each front end's lookup asks of it: a
    /// host of thousands of virtual hosts, each with a ProxyPass, asked it of every one.</summary>
    private sealed class Definitions(ApacheInstance instance)
    {
        public List<Worker> Workers { get; } = [];

        public Dictionary<ApacheDirective, Worker> ByPass { get; } = [];

        /// <summary>Each directive's place in <see cref="ApacheInstance.Directives"/>.</summary>
        public Dictionary<ApacheDirective, int> Index { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>The workers defined in each server (the main server under the key <see cref="Main"/>): what
        /// <see cref="Find"/> looks through while the workers are defined.</summary>
        public Dictionary<object, List<Worker>> ByServer { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>The last single-argument setting of a directive per server (<c>BalancerInherit</c>, <c>ProxyTimeout</c>...),
        /// the main server under the key <see cref="Main"/>.</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<object, (ApacheDirective Directive, ConfigFile File)>> Last { get; } = new(StringComparer.OrdinalIgnoreCase);

        public System.Collections.Concurrent.ConcurrentDictionary<ApacheSection, List<Worker>> Visible { get; } = new(ReferenceEqualityComparer.Instance);

        public ApacheInstance Instance { get; } = instance;
    }

    /// <summary>The key of the main server in <see cref="Definitions"/>' tables.</summary>
    private static readonly object Main = new();

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ApacheInstance, Definitions> Cache = new();

    private static Definitions Of(ApacheInstance instance) => Cache.GetValue(instance, Define);

    /// <summary>The configuration <paramref name="directive"/> was read in, and the sections around it there.</summary>
    public static (ApacheInstance Instance, IReadOnlyList<ApacheSection> Sections)? Place(HostModel host, ApacheDirective directive)
    {
        foreach (var instance in host.Apache)
        {
            if (Of(instance).Index.TryGetValue(directive, out var at))
            {
                return (instance, instance.Directives[at].Sections);
            }
        }

        return null;
    }

    /// <summary>Where httpd first read <paramref name="directive"/>, with the variables in effect there, or null.</summary>
    public static ApacheEntry? EntryOf(HostModel host, ApacheDirective directive)
    {
        foreach (var instance in host.Apache)
        {
            if (Of(instance).Index.TryGetValue(directive, out var at))
            {
                return instance.Directives[at];
            }
        }

        return null;
    }

    /// <summary>The last <paramref name="name"/> with one argument or more set in <paramref name="server"/> (null: the main
    /// server), as a per-server table made once.</summary>
    public static (ApacheDirective Directive, ConfigFile File)? LastSetting(ApacheInstance instance, string name, ApacheSection? server)
    {
        var table = Of(instance).Last.GetOrAdd(name, static (key, definitions) =>
        {
            var last = new Dictionary<object, (ApacheDirective, ConfigFile)>(ReferenceEqualityComparer.Instance);
            foreach (var (directive, file, sections) in definitions.Instance.Directives)
            {
                if (directive.IsNamed(key) && directive.Args.Count > 0)
                {
                    last[VirtualHostOf(sections) ?? Main] = (directive, file);
                }
            }

            return last;
        }, Of(instance));
        return table.TryGetValue(server ?? Main, out var found) ? found : null;
    }

    /// <summary>The answer for a front end outside every configuration read from its main file.</summary>
    public static readonly Answer NotRead = new(null, "the front end is not in a configuration read from its main file", null);

    /// <summary>What the worker that serves <paramref name="frontEnd"/> (a ProxyPass, ProxyPassMatch, SetHandler or
    /// RewriteRule [P] of Apache) has for <paramref name="key"/>.</summary>
    public static Answer Parameter(HostModel host, FrontEnd frontEnd, string key) =>
        frontEnd.Directive is ApacheDirective directive && Place(host, directive) is var (instance, sections)
            ? Parameter(instance, directive, sections, frontEnd.Target.Text, key)
            : NotRead;

    /// <summary>What the worker that serves the front end <paramref name="directive"/> (a ProxyPass, ProxyPassMatch,
    /// SetHandler or RewriteRule [P]) of <paramref name="instance"/> has for <paramref name="key"/>; its target (variables expanded) is <paramref name="target"/>.</summary>
    public static Answer Parameter(ApacheInstance instance, ApacheDirective directive, IReadOnlyList<ApacheSection> sections, string target, string key)
    {
        var isRule = directive.IsNamed("RewriteRule");
        var url = Name(target, isRule ? RuleVariableAt : ReferenceAt);
        if (url is null)
        {
            return new Answer(null, $"its target {target} names no worker ConfLint can match", null);
        }

        if (url.StartsWith("balancer://", StringComparison.Ordinal))
        {
            return new Answer(null, "a balancer's members are workers of their own, whose parameters are not read", null);
        }

        // A request's worker is found again by its URL (ap_proxy_pre_request), but a ProxyPassMatch's URL is known only
        // up to its first $N: the worker its line defined, named with them, is taken as the one it uses.
        var definitions = Of(instance);
        var own = directive.IsNamed("ProxyPassMatch") ? definitions.ByPass.GetValueOrDefault(directive) : null;
        var server = VirtualHostOf(sections);
        var contexts = new List<(ApacheSection? Server, List<Worker> Workers)>();
        if (server is not null)
        {
            contexts.Add((server, Visible(definitions, server)));
        }
        else
        {
            // A front end of the main server serves the virtual hosts' requests too, each with its own workers.
            contexts.Add((null, definitions.ByServer.GetValueOrDefault(Main) ?? []));
            foreach (var (host, _) in definitions.ByServer)
            {
                if (host is ApacheSection virtualHost)
                {
                    contexts.Add((virtualHost, Visible(definitions, virtualHost)));
                }
            }
        }

        Answer? answer = null;
        foreach (var (context, workers) in contexts)
        {
            var found = Lookup(workers, url, own, key);
            if (found.Unknown is not null)
            {
                return found;
            }

            if (answer is not null && !SameValue(answer.Setting, found.Setting))
            {
                return new Answer(null, $"in <VirtualHost {string.Join(' ', context!.Args)}> its requests use a worker with {Value(found.Setting, key)}, elsewhere one with {Value(answer.Setting, key)}", null);
            }

            answer ??= found;
        }

        return answer ?? Answer.NotSet;
    }

    /// <summary>The worker a request whose URL begins with <paramref name="url"/> uses among <paramref name="workers"/> (in
    /// httpd's order), and its <paramref name="key"/>; unknown where a longer worker with another value may take some of
    /// the requests.</summary>
    private static Answer Lookup(List<Worker> workers, string url, Worker? own, string key)
    {
        var minMatch = AuthorityEnd(url);
        Worker? best = own is not null && workers.Contains(own) ? own : null;
        var possible = new List<Worker>();
        foreach (var worker in workers)
        {
            if (worker.Name.Length < minMatch)
            {
                continue;
            }

            var result = worker.Matchable ? Ematch(url, worker.Name) : url.StartsWith(worker.Name, StringComparison.Ordinal) ? 0 : worker.Name.StartsWith(url, StringComparison.Ordinal) ? -1 : 1;
            if (result == 0 && worker.Name.Length <= url.Length)
            {
                // The first of equal length wins: a main server's worker before its virtual host's namesake.
                if (best is null || worker.Name.Length > best.Name.Length)
                {
                    best = worker;
                }
            }
            else if (result != 1)
            {
                possible.Add(worker);
            }
        }

        var setting = best is null ? null : Get(best, key);
        foreach (var other in possible.Where(p => best is null || p.Name.Length > best.Name.Length))
        {
            if (!SameValue(Get(other, key), setting))
            {
                var uses = best is null ? $"mod_proxy's default worker ({Value(setting, key)})" : $"worker '{best.Name}' ({Value(setting, key)}; {Origin(best)})";
                return new Answer(null, $"{Origin(other)} defines worker '{other.Name}' with {Value(Get(other, key), key)}, which serves the requests whose URL begins with its name; the others use {uses}", null);
            }
        }

        if (setting is not null && setting.Value.Contains("${", StringComparison.Ordinal))
        {
            return new Answer(null, $"{setting.Key}={setting.Value} ({setting.Place}, {setting.File.DisplayPath}:{setting.Token.Position.Line}) names a variable that is not defined", best?.DefinedBy);
        }

        return new Answer(setting, null, best?.DefinedBy);
    }

    private static string Origin(Worker worker) => $"{(worker.DefinedBy is ApacheSection s ? "<" + s.Name + ">" : worker.DefinedBy.Name)} at {worker.File.DisplayPath}:{worker.DefinedBy.Position.Line}";

    private static Setting? Get(Worker worker, string key) => worker.Parameters.GetValueOrDefault(key);

    private static bool SameValue(Setting? a, Setting? b) => string.Equals(a?.Value, b?.Value, StringComparison.Ordinal);

    private static string Value(Setting? setting, string key) => setting is null ? $"no {key}=" : $"{setting.Key}={setting.Value}";

    /// <summary>The workers a virtual host's requests choose from (<c>merge_proxy_config</c>): the main server's, unless
    /// both <c>BalancerInherit</c> and <c>ProxyPassInherit</c> are off, then its own.</summary>
    private static List<Worker> Visible(Definitions definitions, ApacheSection server) => definitions.Visible.GetOrAdd(server, static (server, definitions) =>
    {
        bool On(string name) =>
            (LastSetting(definitions.Instance, name, server) ?? LastSetting(definitions.Instance, name, null)) is not { Directive: var set }
            || set.Args.Count != 1 || !set.Args[0].Equals("off", StringComparison.OrdinalIgnoreCase);

        var inherits = On("BalancerInherit") || On("ProxyPassInherit");
        List<Worker> visible = inherits ? [.. definitions.ByServer.GetValueOrDefault(Main) ?? []] : [];
        visible.AddRange(definitions.ByServer.GetValueOrDefault(server) ?? []);
        return visible;
    }, definitions);

    /// <summary>Walks the configuration in httpd's order, defining workers as <c>add_pass</c>, <c>proxysection</c> and
    /// <c>set_proxy_param</c> do.</summary>
    private static Definitions Define(ApacheInstance instance)
    {
        var definitions = new Definitions(instance);
        for (var i = 0; i < instance.Directives.Count; i++)
        {
            definitions.Index.TryAdd(instance.Directives[i].Directive, i);
        }

        var sections = instance.Sections;
        var next = 0;
        for (var i = 0; i <= instance.Directives.Count; i++)
        {
            for (; next < sections.Count && sections[next].After <= i; next++)
            {
                var (section, file, around, _) = sections[next];
                if ((section.IsNamed("Proxy") || section.IsNamed("ProxyMatch")) && section.Args.Count > 1)
                {
                    var raw = sections[next].Expand(section.Args[0]);
                    raw = raw.StartsWith("proxy:", StringComparison.OrdinalIgnoreCase) ? raw[6..] : raw;
                    var matchable = section.IsNamed("ProxyMatch");
                    if (Name(raw, matchable ? ReferenceAt : null) is { } name && !name.StartsWith("balancer://", StringComparison.Ordinal) && (matchable || raw.IndexOfAny(['*', '?', '[']) < 0))
                    {
                        var worker = Find(definitions, VirtualHostOf(around), name, matchable) ?? Add(definitions, name, matchable, VirtualHostOf(around), section, file);
                        Apply(worker, sections[next].Variables, section, section.Arguments, 1, file);
                    }
                }
            }

            if (i == instance.Directives.Count)
            {
                break;
            }

            var entry = instance.Directives[i];
            var (directive, directiveFile, directiveSections) = entry;
            if (directive.IsNamed("ProxyPass") || directive.IsNamed("ProxyPassMatch"))
            {
                var urlAt = directive.IsNamed("ProxyPass") && directiveSections.Any(s => s.IsNamed("Location") || s.IsNamed("LocationMatch")) ? 0 : 1;
                if (directive.Args.Count <= urlAt || directive.Args[urlAt] == "!")
                {
                    continue;
                }

                var matchable = directive.IsNamed("ProxyPassMatch");
                if (Name(entry.Expand(directive.Args[urlAt]), null) is { } name && !name.StartsWith("balancer://", StringComparison.Ordinal))
                {
                    var server = VirtualHostOf(directiveSections);
                    var worker = Find(definitions, server, name, matchable);
                    if (worker is null)
                    {
                        worker = Add(definitions, name, matchable, server, directive, directiveFile);
                        Apply(worker, entry.Variables, directive, directive.Arguments, urlAt + 1, directiveFile);
                    }

                    definitions.ByPass[directive] = worker;
                }
            }
            else if (directive.IsNamed("ProxySet") && directive.Args.Count > 0)
            {
                // set_proxy_param: inside <Proxy URL> (its parent in httpd's tree) the section names the worker, else the first word.
                var parent = directiveSections.Count > 0 ? directiveSections[^1] : null;
                var inSection = parent is { Args.Count: > 0 } && (parent.IsNamed("Proxy") || parent.IsNamed("ProxyMatch"));
                var raw = entry.Expand(inSection ? parent!.Args[0] : directive.Args[0]);
                var matchable = inSection && parent!.IsNamed("ProxyMatch");
                if (Name(raw, null) is { } name && !name.StartsWith("balancer://", StringComparison.Ordinal))
                {
                    var server = VirtualHostOf(directiveSections);
                    var worker = Find(definitions, server, name, matchable)
                                 ?? (inSection ? Add(definitions, name, matchable, server, parent!, directiveFile) : null);
                    if (worker is not null)
                    {
                        Apply(worker, entry.Variables, directive, directive.Arguments, inSection ? 0 : 1, directiveFile);
                    }
                }
            }
        }

        return definitions;
    }

    private static Worker Add(Definitions definitions, string name, bool matchable, ApacheSection? server, ApacheItem definedBy, ConfigFile file)
    {
        var worker = new Worker(name, matchable, server, definedBy, file);
        definitions.Workers.Add(worker);
        var key = server ?? Main;
        if (!definitions.ByServer.TryGetValue(key, out var own))
        {
            definitions.ByServer[key] = own = [];
        }

        own.Add(worker);
        return worker;
    }

    /// <summary>The worker of <paramref name="server"/> that <c>ap_proxy_get_worker_ex</c> finds at configuration time for
    /// <paramref name="url"/>: prefix workers for a ProxyPass, &lt;Proxy&gt; or ProxySet, matchable ones for a
    /// ProxyPassMatch or &lt;ProxyMatch&gt;.</summary>
    private static Worker? Find(Definitions definitions, ApacheSection? server, string url, bool matchable)
    {
        var minMatch = AuthorityEnd(url);
        Worker? found = null;
        foreach (var worker in definitions.ByServer.GetValueOrDefault(server ?? Main) ?? [])
        {
            if (worker.Matchable != matchable || worker.Name.Length > url.Length || worker.Name.Length < minMatch
                || (found is not null && worker.Name.Length <= found.Name.Length))
            {
                continue;
            }

            if (matchable ? Ematch(url, worker.Name) == 0 : url.StartsWith(worker.Name, StringComparison.Ordinal))
            {
                found = worker;
            }
        }

        return found;
    }

    /// <summary>Sets the <c>key=value</c> words of <paramref name="arguments"/> from <paramref name="from"/> on the worker,
    /// each value expanded with the <paramref name="variables"/> in effect where httpd read the line.</summary>
    private static void Apply(Worker worker, IReadOnlyDictionary<string, string> variables, ApacheItem item, TokenList arguments, int from, ConfigFile file)
    {
        for (var i = from; i < arguments.Count; i++)
        {
            var word = arguments[i].Value;
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                worker.Parameters[word[..equals]] = new Setting(word[..equals], ApacheVariables.Expand(word[(equals + 1)..], variables), arguments[i], item, file);
            }
        }
    }

    /// <summary>A worker name as mod_proxy writes it (<see cref="Validation.ApacheProxyUrl.WorkerName"/>).</summary>
    internal static string? Name(string url, Func<string, int>? variableAt) => Validation.ApacheProxyUrl.WorkerName(url, variableAt);

    /// <summary>The length of <c>scheme://host[:port]</c>: the least a worker name must match (<c>min_match</c>).</summary>
    private static int AuthorityEnd(string url)
    {
        var slash = url.IndexOf('/', url.IndexOf("://", StringComparison.Ordinal) + 3);
        return slash < 0 ? url.Length : slash;
    }

    /// <summary>Where a ProxyPassMatch back-reference (<c>$N</c>) starts, or -1.</summary>
    private static int ReferenceAt(string text)
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] == '$' && char.IsAsciiDigit(text[i + 1]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Where a RewriteRule substitution (<c>$N</c>, <c>%N</c>, <c>${map:key}</c>, <c>%{VAR}</c>) starts, or -1.</summary>
    private static int RuleVariableAt(string text)
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] is '$' or '%' && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '{'))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary><c>ap_proxy_strcmp_ematch</c>: 0 where <paramref name="str"/> begins with what <paramref name="expected"/>
    /// describes (<c>$N</c> standing for anything, a backslash escaping the next character), -1 where it ends first, 1
    /// where they differ.</summary>
    internal static int Ematch(string str, string expected)
    {
        int x = 0, y = 0;
        for (; y < expected.Length; y++, x++)
        {
            if (expected[y] == '$' && y + 1 < expected.Length && char.IsAsciiDigit(expected[y + 1]))
            {
                do
                {
                    y += 2;
                }
                while (y + 1 < expected.Length && expected[y] == '$' && char.IsAsciiDigit(expected[y + 1]));

                if (y >= expected.Length)
                {
                    return 0;
                }

                while (x < str.Length)
                {
                    var result = Ematch(str[x++..], expected[y..]);
                    if (result != 1)
                    {
                        return result;
                    }
                }

                return -1;
            }

            if (x >= str.Length)
            {
                return -1;
            }

            if (expected[y] == '\\')
            {
                if (++y >= expected.Length)
                {
                    return -2;
                }
            }

            if (str[x] != expected[y])
            {
                return 1;
            }
        }

        return 0;
    }

    private static ApacheSection? VirtualHostOf(IReadOnlyList<ApacheSection> sections) => sections.LastOrDefault(s => s.IsNamed("VirtualHost"));
}
