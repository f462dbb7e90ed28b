using ConfLint.Knowledge;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Workspace;
using ConfLint.Workspace.Systemd;

namespace ConfLint.Validation;

/// <summary>
/// What <c>apache2 -t</c> refuses, for each Apache configuration read from its main file with includes spliced in
/// and inactive <c>&lt;IfModule&gt;</c> and <c>&lt;IfDefine&gt;</c> sections skipped (httpd does not read them):
/// "Invalid command" for a name no loaded module defines, "not allowed here" for the wrong context, "cannot occur
/// within &lt;VirtualHost&gt; section", argument counts, On/Off flags, and a repeated <c>Listen</c>. Modules count as
/// loaded only by the configuration's <c>LoadModule</c> lines, where its main file is read (a site file alone loads
/// only what it adds); otherwise every module counts as loaded and a name the tables do not know is judged only where
/// it is a near miss of one they know.
/// </summary>
internal static class ApacheValidator
{
    private static readonly ApacheDirectiveTable Table = ApacheDirectiveTable.Instance;

    private static readonly HashSet<string> WorkerParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "acquire", "addressttl", "connectiontimeout", "disablereuse", "enablereuse", "failonstatus", "failontimeout", "flusher", "flushpackets",
        "flushwait", "forcerecovery", "growth", "iobuffersize", "keepalive", "lbmethod", "lbset", "loadfactor", "max", "maxattempts", "min",
        "multipathtcp", "nofailover", "nonce", "ping", "receivebuffersize", "redirect", "responsefieldsize", "retry", "route", "scolonpathdelim",
        "secret", "smax", "status", "stickysession", "stickysessionsep", "timeout", "ttl", "upgrade", "mapping",
    };

    private static readonly HashSet<string> SslFiles = new(StringComparer.OrdinalIgnoreCase)
    {
        "SSLCertificateFile", "SSLCertificateKeyFile", "SSLCertificateChainFile", "SSLCACertificateFile", "SSLCARevocationFile",
    };

    /// <summary>The sections whose handlers start with missing_container_arg (core's dirsection, urlsection, filesection,
    /// ifsection, the If* conditions, limit_section, virtualhost_section; mod_proxy's proxysection).</summary>
    private static readonly HashSet<string> NeedsArgument = new(StringComparer.OrdinalIgnoreCase)
    {
        "Directory", "DirectoryMatch", "Location", "LocationMatch", "Files", "FilesMatch", "If", "ElseIf", "IfModule", "IfDefine",
        "IfFile", "IfDirective", "IfSection", "Limit", "LimitExcept", "VirtualHost", "Proxy", "ProxyMatch",
    };

    private static readonly HashSet<string> DirectorySections = new(StringComparer.OrdinalIgnoreCase)
    {
        "Directory", "DirectoryMatch", "Location", "LocationMatch", "Files", "FilesMatch", "If", "ElseIf", "Else", "Proxy", "ProxyMatch",
    };

    private static readonly string[] UnitFolders = ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"];

    /// <summary>
    /// The variables the web server's service gives httpd (apache2.service or httpd.service with its drop-ins, as
    /// <see cref="UnitEnvironment"/> reads them: Debian's sets APACHE_STARTED_BY_SYSTEMD). Null where it gives some
    /// ConfLint cannot list: a PassEnvironment=, an EnvironmentFile= not in the tree.
    /// </summary>
    private static Dictionary<string, string>? ServiceVariables(ConfigWorkspace workspace)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);

        // A drop-in folder whose unit the tree does not hold still tells the service is there, adding what is not read.
        var units = workspace.Units.Where(u => u.Name is "apache2.service" or "httpd.service").ToList();
        if (units.Count == 0 && UnitFolders.Any(folder => workspace.FileSystem.DirectoryExists(folder + "/apache2.service.d")
            || workspace.FileSystem.DirectoryExists(folder + "/httpd.service.d")))
        {
            return null;
        }

        foreach (var files in units)
        {
            var unit = workspace.MergedUnit(files);
            if (unit.GetAll("Service", "PassEnvironment").Count > 0
                || unit.GetAll("Service", "EnvironmentFile").Any(f => !workspace.FileSystem.FileExists(f.TrimStart('-'))))
            {
                return null;
            }

            foreach (var (name, value) in UnitEnvironment.Read(workspace.FileSystem, unit))
            {
                variables[name] = value;
            }
        }

        return variables;
    }

    public static void Check(ConfigWorkspace workspace, Findings findings)
    {
        var tops = workspace.FilesOfKind(ConfigKind.Apache).Where(f => f.Tree?.Root is ApacheConfigFile && f.IncludedFrom.Count == 0).ToList();
        foreach (var file in tops)
        {
            var root = (ApacheConfigFile)file.Tree!.Root;
            // apache2ctl reads envvars over the environment the service manager gives.
            var service = ServiceVariables(workspace);
            var variables = new Dictionary<string, string>(service ?? [], StringComparer.Ordinal);
            foreach (var (name, value) in ApacheEnvironment.Read(workspace.FileSystem, file.Prefix))
            {
                variables[name] = value;
            }

            var walker = new Walker(workspace, findings, file, variables, service is not null && ApacheEnvironment.IsRead(workspace.FileSystem, file.Prefix))
            {
                Patch = file.Container is null ? InstalledPatch(workspace) : null,
            };
            walker.Run(root);
        }
    }

    /// <summary>The 2.4 patch level of the httpd dpkg lists as installed under the root (Debian's and Ubuntu's apache2-bin,
    /// which holds /usr/sbin/apache2, else apache2), or null: then <see cref="ApacheIfVersion"/> assumes a supported 2.4.</summary>
    private static int? InstalledPatch(ConfigWorkspace workspace)
    {
        int? found = null;
        foreach (var (package, version) in DpkgStatus.Installed(workspace.FileSystem))
        {
            if (package is "apache2-bin" && ApacheIfVersion.PatchOf(version) is { } bin)
            {
                return bin;
            }

            if (package is "apache2" && ApacheIfVersion.PatchOf(version) is { } patch)
            {
                found = patch;
            }
        }

        return found;
    }

    /// <summary>Whether a directive's name starts as an unknown module's own would: with the identifier's stem
    /// (<c>foo_module</c>: Foo..., <c>auth_foo_module</c>: AuthFoo... or Foo...) or the file's (<c>mod_foo.so</c>),
    /// any case, trailing digits dropped (<c>foo2_module</c>).</summary>
    internal static bool SharesStem(string name, string identifier, string fileName)
    {
        var stems = new List<string>();
        void Add(string stem)
        {
            stem = stem.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '-', '_');
            if (stem.Length >= 3)
            {
                stems.Add(stem.Replace("_", string.Empty, StringComparison.Ordinal));
                stems.AddRange(stem.Split('_').Where(part => part.Length >= 3 && part != "mod" && part != "auth"));
            }
        }

        Add(identifier.EndsWith("_module", StringComparison.OrdinalIgnoreCase) ? identifier[..^"_module".Length] : identifier);
        var file = fileName.EndsWith(".so", StringComparison.OrdinalIgnoreCase) ? fileName[..^3] : fileName;
        Add(file.StartsWith("mod_", StringComparison.OrdinalIgnoreCase) ? file[4..] : file.StartsWith("lib", StringComparison.OrdinalIgnoreCase) ? file[3..] : file);
        return stems.Any(stem => name.StartsWith(stem, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Walker
    {
        private readonly ConfigWorkspace _workspace;
        private Findings _findings;
        private HashSet<string>? _final;
        private readonly Dictionary<string, string> _variables;
        private readonly HashSet<string> _loaded = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<ConfigFile> _including = [];
        private readonly Dictionary<string, (ApacheDirective Directive, ConfigFile File, bool Assumed)> _listens = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>How many <c>&lt;IfModule&gt;</c> sections around the walk are read only because the loaded modules are
        /// not known (a site or ports.conf read without its apache2.conf).</summary>
        private int _assumedSections;
        private readonly Dictionary<string, Macro> _macros = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>Whether a &lt;Macro&gt; was read at all (mod_macro's table, made at the first one).</summary>
        private bool _anyMacro;

        /// <summary>The macros being expanded, outermost first (a Use of one of them is recursion).</summary>
        private readonly List<string> _expanding = [];

        /// <summary>The Use in a file that brought in the expansion being walked, and how many lines were expanded.</summary>
        private (ApacheDirective Directive, ConfigFile File)? _useSite;
        private int _expandedLines;

        /// <summary>The per-directory configuration the walk adds to (null: the main server's): the <c>&lt;If&gt;</c>
        /// chain of each, true where its last section was an <c>&lt;If&gt;</c> or <c>&lt;ElseIf&gt;</c>.</summary>
        private ApacheSection? _scope;
        private readonly Dictionary<object, bool> _ifChains = new(ReferenceEqualityComparer.Instance);
        private static readonly object MainScope = new();
        private bool _providerAliases;
        private bool _modulesKnown;

        /// <summary>The modules loaded that the tables do not know (<c>foo_module</c> from <c>mod_foo.so</c>), in the order
        /// read: any of them may define a name the tables do not know.</summary>
        private readonly List<(string Identifier, string FileName)> _unknownModules = [];

        private bool Foreign => _unknownModules.Count > 0;

        /// <summary>The modules the httpd reading this configuration has compiled in, by its layout (RHEL's builds
        /// mod_version, mod_log_config, mod_unixd... as modules; Debian's has them built in).</summary>
        private readonly IReadOnlySet<string> _builtIn;

        /// <summary>Whether the main server's ErrorLog was read (else httpd opens its default).</summary>
        private bool _mainErrorLog;

        /// <summary>Whether an Include named files the tree does not hold (they may set what was not read).</summary>
        private bool _unreadInclude;

        /// <summary>The &lt;VirtualHost&gt; the walk is in (null: the main server).</summary>
        private ApacheSection? _server;

        /// <summary>mod_proxy's workers and balancers each server has defined so far, in read order (<see cref="RecordWorkers"/>):
        /// names as <c>ap_proxy_define_worker_ex</c> writes them; a ProxyPassMatch's or &lt;ProxyMatch&gt;'s may match more,
        /// and an empty name stands for one ConfLint cannot read (it may be any).</summary>
        private readonly Dictionary<object, List<(string Name, bool Matchable)>> _workers = new(ReferenceEqualityComparer.Instance);

        /// <summary>The <c>LoadModule mpm_*</c> lines read, in order (the judged pass's), mpm-itk's left out.</summary>
        private readonly List<(ApacheDirective Directive, ConfigFile File)> _mpms = [];

        /// <summary>The first <c>LoadModule mpm_itk_module</c> read (the judged pass's), or null.</summary>
        private (ApacheDirective Directive, ConfigFile File)? _itk;

        /// <summary>Whether httpd's variables are all in view: envvars was read and no unit of the service brings others.</summary>
        private readonly bool _variablesKnown;

        /// <summary>The ServerRoot read so far (httpd's relative paths are taken from it), or null.</summary>
        private string? _serverRoot;

        public Walker(ConfigWorkspace workspace, Findings findings, ConfigFile main, IReadOnlyDictionary<string, string> variables, bool variablesKnown = false)
        {
            _variablesKnown = variablesKnown;
            _workspace = workspace;
            _builtIn = ApacheDirectiveTable.BuiltInFor(main.DaemonPath, workspace.FilesOfKind(ConfigKind.Apache)
                .Any(f => f.Container == main.Container && ApacheDirectiveTable.InRhelModulesFolder(f.DaemonPath)));
            _findings = findings;
            _variables = new Dictionary<string, string>(variables, StringComparer.Ordinal);
            Main = main;
        }

        private ConfigFile Main { get; }

        /// <summary>The 2.4 patch level of the root's httpd, or null where the root does not show it.</summary>
        public int? Patch { get; init; }

        public void Run(ApacheConfigFile root)
        {
            // LoadModule lines are read first where they stand; a first pass finds whether there are any at all.
            _modulesKnown = HasLoadModule(Main, root, []) && IsMainConfiguration(Main, root);
            if (_modulesKnown)
            {
                // httpd runs LoadModule, <IfModule> and Include as it reads (EXEC_ON_READ) but judges every other
                // directive once the whole tree is read: by then every module loaded anywhere is there. A silent
                // pass collects them; the second pass judges with them, and <IfModule> with those loaded so far.
                var findings = _findings;
                var variables = new Dictionary<string, string>(_variables, StringComparer.Ordinal);
                _findings = new Findings();
                WalkFile(root.Items, Main, inVirtualHost: false, inDirectory: false, inLimit: false);
                _final = new HashSet<string>(_loaded, StringComparer.OrdinalIgnoreCase);
                _findings = findings;
                _loaded.Clear();
                _listens.Clear();
                _workers.Clear();
                _macros.Clear();
                _anyMacro = false;
                _ifChains.Clear();
                _expandedLines = 0;
                _variables.Clear();
                foreach (var (name, value) in variables)
                {
                    _variables[name] = value;
                }
            }

            _mpms.Clear();
            _itk = null;
            WalkFile(root.Items, Main, inVirtualHost: false, inDirectory: false, inLimit: false);
            if (_modulesKnown)
            {
                JudgeDefaultErrorLog(root);
            }

            JudgeMpm(root);
        }

        /// <summary>
        /// httpd's ap_mpm_register... check at the end of reading (AH00534): "No MPM loaded" when no multi-processing module
        /// was loaded, "More than one MPM loaded" when two were. Judged only where the MPMs are modules (Debian's and
        /// Ubuntu's apache2.conf, RHEL's /etc/httpd/conf/httpd.conf, the official image's /usr/local/apache2/conf/httpd.conf,
        /// all built with shared MPMs; a build of one's own may have its MPM compiled in) and every Include was read:
        /// <c>a2dismod mpm_prefork</c> on the way to PHP-FPM without <c>a2enmod mpm_event</c> leaves httpd unable to start.
        /// </summary>
        private void JudgeMpm(ApacheConfigFile root)
        {
            var path = Main.DaemonPath;
            var shared = Path.GetFileName(path) == "apache2.conf" || path is "/etc/httpd/conf/httpd.conf" or "/usr/local/apache2/conf/httpd.conf";
            if (!shared || _unreadInclude || !IsMainConfiguration(Main, root) || root.Items.Count == 0)
            {
                return;
            }

            var daemon = Path.GetFileName(path) == "apache2.conf" ? "apache2" : "httpd";
            if (_mpms.Count == 0 && _itk is var (lone, loneFile))
            {
                // mpm_itk.load without mpm_prefork.load (a2dismod mpm_prefork, or the Depends line not followed).
                _findings.Error(Main, root.Items[0], $"AH00534: {daemon}: Configuration error: No MPM loaded. (mpm_itk_module, loaded at {loneFile.DisplayPath}:{lone.Location.Start.Line}, is a module on top of prefork, not an MPM: {(daemon == "apache2" ? "a2enmod mpm_prefork" : "load mpm_prefork_module too")})");
            }
            else if (_mpms.Count == 0)
            {
                _findings.Error(Main, root.Items[0], $"AH00534: {daemon}: Configuration error: No MPM loaded. (no LoadModule of mpm_event, mpm_worker or mpm_prefork is read: enable one, e.g. a2enmod mpm_event)");
            }
            else if (_mpms.Count > 1)
            {
                var (second, file) = _mpms[1];
                _findings.Error(file, second, $"AH00534: {daemon}: Configuration error: More than one MPM loaded. ({_mpms[0].Directive.Args[0]} is loaded at {_mpms[0].File.DisplayPath}:{_mpms[0].Directive.Location.Start.Line})");
            }
            else if (_itk is var (itk, itkFile) && !IsPrefork(_mpms[0].Directive.Args[0]))
            {
                _findings.Error(itkFile, itk, $"mpm-itk cannot use threaded MPMs; please use prefork. (httpd stops at start, after {daemon} -t says Syntax OK: {_mpms[0].Directive.Args[0]} is loaded at {_mpms[0].File.DisplayPath}:{_mpms[0].Directive.Location.Start.Line}; {(daemon == "apache2" ? $"a2dismod {MpmName(_mpms[0].Directive.Args[0])} && a2enmod mpm_prefork" : "load mpm_prefork_module instead")})");
            }
        }

        /// <summary>
        /// mpm-itk for httpd 2.4 (libapache2-mpm-itk, RHEL's httpd-itk) is no MPM but a module hooking into prefork: mpm_itk.c
        /// never calls ap_mpm_register, so httpd does not count it for AH00534 (Debian's mpm_itk.load says
        /// <c># Depends: mpm_prefork</c>). Its post_config hook (itk_init_handler) asks ap_mpm_query(AP_MPMQ_IS_THREADED) and
        /// refuses to start under a threaded MPM. httpd's own tree has no other module named mpm_* that is not an MPM
        /// (server/mpm: event, worker, prefork, winnt, netware, mpmt_os2).
        /// </summary>
        private static bool IsMpmItk(string identifier) => string.Equals(identifier, "mpm_itk_module", StringComparison.OrdinalIgnoreCase);

        private static bool IsPrefork(string identifier) => string.Equals(identifier, "mpm_prefork_module", StringComparison.OrdinalIgnoreCase);

        /// <summary><c>mpm_event_module</c> to <c>mpm_event</c>, a2dismod's name.</summary>
        private static string MpmName(string identifier) =>
            identifier.EndsWith("_module", StringComparison.OrdinalIgnoreCase) ? identifier[..^"_module".Length] : identifier;

        private bool HasLoadModule(ConfigFile file, ApacheConfigFile tree, HashSet<ConfigFile> seen)
        {
            if (!seen.Add(file))
            {
                return false;
            }

            foreach (var item in tree.DescendantItems())
            {
                if (item is ApacheDirective d && d.IsNamed("LoadModule"))
                {
                    return true;
                }

                if (item is ApacheDirective include && _workspace.IncludeAt(include) is { ClosesCycle: false } site
                    && site.Targets.Any(t => t.Tree?.Root is ApacheConfigFile included && HasLoadModule(t, included, seen)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether the file is one httpd starts with, so that its LoadModule lines are all the modules there are: named
        /// apache2.conf or httpd.conf (in its container too), or setting ServerRoot. A site or conf file read alone
        /// (sites-available/app.conf loading the two modules it needs) stands in a configuration whose main file loads
        /// the rest.
        /// </summary>
        private static bool IsMainConfiguration(ConfigFile file, ApacheConfigFile root)
        {
            var name = Path.GetFileName(file.DaemonPath);
            return name is "apache2.conf" or "httpd.conf"
                || root.DescendantItems().Any(i => i is ApacheDirective d && d.IsNamed("ServerRoot"));
        }

        private bool IsLoaded(string module) => !_modulesKnown || (_final ?? _loaded) is var set && (set.Contains(module) || set.Contains("mod_" + module));

        private void WalkFile(IReadOnlyList<ApacheItem> items, ConfigFile file, bool inVirtualHost, bool inDirectory, bool inLimit)
        {
            if (!_including.Add(file))
            {
                return;
            }

            Walk(items, file, inVirtualHost, inDirectory, inLimit);
            _including.Remove(file);
        }

        private void Walk(IReadOnlyList<ApacheItem> items, ConfigFile file, bool inVirtualHost, bool inDirectory, bool inLimit)
        {
            foreach (var item in items)
            {
                if (item is ApacheSection section)
                {
                    JudgeSection(section, file, inVirtualHost, inDirectory, inLimit);
                    continue;
                }

                var directive = (ApacheDirective)item;
                JudgeVariables(directive, directive.Args, file);
                Judge(directive, file, inVirtualHost, inDirectory, inLimit);
                if ((directive.IsNamed("Include") || directive.IsNamed("IncludeOptional")) && _workspace.IncludeMayHideDefinitions(directive))
                {
                    _unreadInclude = true; // a file not read may set what the main server needs (its ErrorLog)
                }

                if (directive.IsNamed("Define") && directive.Args.Count >= 1)
                {
                    _variables[directive.Args[0]] = directive.Args.Count > 1 ? ApacheVariables.Expand(directive.Args[1], _variables) : string.Empty;
                }
                else if (directive.IsNamed("UnDefine") && directive.Args.Count >= 1)
                {
                    _variables.Remove(directive.Args[0]);
                }
                else if (directive.IsNamed("LoadModule") && directive.Args.Count == 2)
                {
                    var fileName = Path.GetFileNameWithoutExtension(directive.Args[1]);
                    var module = fileName.StartsWith("mod_", StringComparison.Ordinal) ? fileName : "mod_" + fileName;
                    _loaded.Add(module);
                    _loaded.Add(directive.Args[0]);
                    if (IsMpmItk(directive.Args[0]))
                    {
                        _itk ??= (directive, file);
                    }
                    else if (directive.Args[0].StartsWith("mpm_", StringComparison.OrdinalIgnoreCase) && !_mpms.Any(m => string.Equals(m.Directive.Args[0], directive.Args[0], StringComparison.OrdinalIgnoreCase)))
                    {
                        _mpms.Add((directive, file));
                    }

                    // httpd finds the module by its identifier (the structure LoadModule names), whatever the file is
                    // called: a third-party module the tables know is there under its source name (<IfModule mod_php.c>).
                    var source = Table.SourceOf(directive.Args[0]);
                    if (source is not null)
                    {
                        _loaded.Add(source);
                    }
                    else if (!Table.Modules.Contains(module) && !Table.Modules.Contains(module["mod_".Length..])
                        && !_unknownModules.Any(m => string.Equals(m.Identifier, directive.Args[0], StringComparison.OrdinalIgnoreCase)))
                    {
                        _unknownModules.Add((directive.Args[0], Path.GetFileName(directive.Args[1])));
                    }
                }
                else if (_workspace.IncludeAt(directive) is { ClosesCycle: false } site)
                {
                    foreach (var target in site.Targets)
                    {
                        if (target.Tree?.Root is ApacheConfigFile included)
                        {
                            WalkFile(included.Items, target, inVirtualHost, inDirectory, inLimit);
                        }
                    }
                }
            }
        }

        private void JudgeSection(ApacheSection section, ConfigFile file, bool inVirtualHost, bool inDirectory, bool inLimit)
        {
            var name = section.Name;
            if (!name.Equals("Macro", StringComparison.OrdinalIgnoreCase))
            {
                JudgeVariables(section, section.Args, file);
            }

            if (section.Args.Count == 0 && NeedsArgument.Contains(name))
            {
                // missing_container_arg: httpd refuses the section before reading what it holds.
                _findings.Error(file, section, $"<{name}> directive requires additional arguments");
                return;
            }
            if (name.Equals("IfModule", StringComparison.OrdinalIgnoreCase) || name.Equals("IfDefine", StringComparison.OrdinalIgnoreCase))
            {
                if (IsActive(section))
                {
                    var assumed = IsAssumed(section);
                    _assumedSections += assumed ? 1 : 0;
                    Walk(section.Items, file, inVirtualHost, inDirectory, inLimit);
                    _assumedSections -= assumed ? 1 : 0;
                }
                else if (section.IsUnclosed)
                {
                    // An inactive section is skipped up to its close tag (ap_soak_end_container), which must be there.
                    _findings.Error(file, section, $"Expected </{name}> before end of configuration");
                }

                return;
            }

            if (name.Equals("IfVersion", StringComparison.OrdinalIgnoreCase) && Table.Find("<" + name, IsLoaded, _builtIn) is not null)
            {
                // mod_version: httpd 2.4 skips a section whose condition is false (<IfVersion < 2.4> of 2.2's syntax);
                // where the patch level decides, what it holds is not judged.
                switch (ApacheIfVersion.IsActive(section.Args, Patch))
                {
                    case true:
                        Walk(section.Items, file, inVirtualHost, inDirectory, inLimit);
                        break;
                    case null:
                        _findings.Note($"CL000: {file.DisplayPath}:{section.Location.Start.Line}: <IfVersion {string.Join(' ', section.Args)}> {(Patch is { } patch ? $"is a regular expression (httpd here is 2.4.{patch})" : $"depends on httpd's patch level (the root does not show which 2.4 it has: 2.4.{ApacheIfVersion.OldestSupportedPatch} or later is assumed) or a regular expression")}; what it holds is not judged");
                        break;
                }

                return;
            }

            if (name.Equals("AuthzProviderAlias", StringComparison.OrdinalIgnoreCase))
            {
                _providerAliases = true;
            }

            var info = Table.Find("<" + name, IsLoaded, _builtIn);
            if (info is null)
            {
                // A section no module defines is refused as a directive is, where every loaded module is known.
                // httpd names the section by its first word (ap_walk_config_sub: "Invalid command '<IfVersion'").
                if (_modulesKnown && !Foreign)
                {
                    var defined = Table.Named("<" + name);
                    var hint = defined.Count > 0 ? $" (its module {defined[0].Module} is not loaded)" : string.Empty;
                    _findings.Error(file, section, $"Invalid command '<{name}', perhaps misspelled or defined by a module not included in the server configuration{hint}");
                }

                return;
            }

            if (!JudgeContext(section, file, info, "<" + name, ">", inVirtualHost, inDirectory, inLimit))
            {
                return;
            }

            if (name.Equals("Macro", StringComparison.OrdinalIgnoreCase))
            {
                DefineMacro(section, file);
                return;
            }

            if (name.Equals("Else", StringComparison.OrdinalIgnoreCase) && section.Args.Count > 0)
            {
                _findings.Error(file, section, "<Else> does not take an argument");
                return;
            }

            if ((name.Equals("If", StringComparison.OrdinalIgnoreCase) || name.Equals("ElseIf", StringComparison.OrdinalIgnoreCase))
                && section.Arguments.Count == 1 && section.Arguments[0].Kind == TokenKind.QuotedString
                && !section.Args[0].Contains("${", StringComparison.Ordinal) && ApacheExpr.Problem(section.Args[0]) is { } condition)
            {
                // ifsection: ap_expr_parse_cmd, before anything inside is read.
                _findings.Error(file, section, condition);
                return;
            }

            if (name.Equals("VirtualHost", StringComparison.OrdinalIgnoreCase) && section.Args.Any(a => !a.Contains("${", StringComparison.Ordinal) && !VirtualHostAddressValid(a)))
            {
                // get_addresses: apr_parse_addr_port refuses an unclosed '[' and a port of 0 or past 65535.
                _findings.Error(file, section, "The address or port is invalid");
                return;
            }

            if (SectionRegex(section) is { } pattern && ApacheRegex.Refused(pattern))
            {
                // dirsection, urlsection, filesection, proxysection: ap_pregcomp before anything inside is read.
                _findings.Error(file, section, "Regex could not be compiled");
                return;
            }

            var isVirtualHost = name.Equals("VirtualHost", StringComparison.OrdinalIgnoreCase);
            var isDirectory = DirectorySections.Contains(name);
            var isLimit = name.Equals("Limit", StringComparison.OrdinalIgnoreCase) || name.Equals("LimitExcept", StringComparison.OrdinalIgnoreCase);
            var isAuthz = name.Equals("RequireAll", StringComparison.OrdinalIgnoreCase) || name.Equals("RequireAny", StringComparison.OrdinalIgnoreCase)
                || name.Equals("RequireNone", StringComparison.OrdinalIgnoreCase);
            if (isVirtualHost || isDirectory || isLimit || isAuthz)
            {
                // <Limit> and the <Require...> sections add to the configuration around them; the others make one of their own.
                var outer = _scope;
                var outerServer = _server;
                _scope = isLimit || isAuthz ? _scope : section;
                _server = isVirtualHost ? section : _server;
                Walk(section.Items, file, inVirtualHost || isVirtualHost, inDirectory || isDirectory, inLimit || isLimit);
                _scope = outer;
                _server = outerServer;
            }

            if ((name.Equals("Proxy", StringComparison.OrdinalIgnoreCase) || name.Equals("ProxyMatch", StringComparison.OrdinalIgnoreCase)) && section.Args.Count > 0)
            {
                // proxysection: key=value words on the line define the worker (after what the section holds); a balancer's
                // section is taken as defining the balancer.
                var url = section.Args[0];
                var matchable = name.Equals("ProxyMatch", StringComparison.OrdinalIgnoreCase) || (section.Args.Count > 1 && url == "~") || url.IndexOfAny(['*', '?', '[']) >= 0;
                if (section.Args.Count > 1 || url.StartsWith("balancer://", StringComparison.OrdinalIgnoreCase))
                {
                    RecordWorker(url == "~" ? string.Empty : url, matchable);
                }
            }

            if (name.Equals("RequireNone", StringComparison.OrdinalIgnoreCase) && OrSection(section) is { } orSection)
            {
                // add_authz_section: a negated section counts for nothing where any one section or provider suffices.
                _findings.Error(file, section, $"<RequireNone> directive has no effect in <{orSection}> directive");
                return;
            }

            if (name.Equals("RequireAll", StringComparison.OrdinalIgnoreCase) && !(section.Parent is ApacheSection outerAll && outerAll.IsNamed("RequireAll"))
                && OnlyNegative(section) == true)
            {
                // authz_core_check_section (AH01624, at startup): an and-ed section must hold one positive authorization.
                _findings.Error(file, section, "<RequireAll> directive contains only negative authorization directives");
                return;
            }

            if (name.Equals("If", StringComparison.OrdinalIgnoreCase) || name.Equals("ElseIf", StringComparison.OrdinalIgnoreCase) || name.Equals("Else", StringComparison.OrdinalIgnoreCase))
            {
                // ap_add_if_conf, once the section is read: an <Else> or <ElseIf> follows the last <If> or <ElseIf> added to
                // the same configuration (sections of other kinds and directives between them do not matter).
                var scope = (object?)_scope ?? MainScope;
                var isIf = name.Equals("If", StringComparison.OrdinalIgnoreCase);
                if (!isIf && !(_ifChains.TryGetValue(scope, out var open) && open))
                {
                    _findings.Error(file, section, "<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope");
                    return;
                }

                _ifChains[scope] = !name.Equals("Else", StringComparison.OrdinalIgnoreCase);
            }
        }

        /// <summary>A &lt;VirtualHost&gt; address as apr_parse_addr_port reads it: a '[' needs its ']'; digits after the last ':'
        /// (outside brackets) are the port, 1 to 65535 ("*" is any port); other text is a host name, resolved later.</summary>
        private static bool VirtualHostAddressValid(string address)
        {
            var hostEnd = 0;
            if (address.StartsWith('['))
            {
                hostEnd = address.IndexOf(']', StringComparison.Ordinal);
                if (hostEnd < 0)
                {
                    return false;
                }
            }

            var colon = address.LastIndexOf(':');
            if (colon < hostEnd || colon < 0 || (hostEnd == 0 && address.IndexOf(':', StringComparison.Ordinal) != colon))
            {
                return true;
            }

            var port = address[(colon + 1)..];
            if (port.Length == 0 || port.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                return true;
            }

            return port.Length <= 5 && int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 65535;
        }

        /// <summary>
        /// Whether a <c>&lt;RequireAll&gt;</c> holds only negative authorizations as authz_core_check_section sees it (null
        /// where it holds anything else, or nothing): "Require not" is negative, <c>&lt;RequireAny&gt;</c> positive, a
        /// nested <c>&lt;RequireAll&gt;</c> is merged in (add_authz_section: "be associative"), and a
        /// <c>&lt;RequireNone&gt;</c>'s authorizations count negated (De Morgan), so negative.
        /// </summary>
        private static bool? OnlyNegative(ApacheSection section)
        {
            var any = false;
            foreach (var item in section.Items)
            {
                switch (item)
                {
                    case ApacheDirective d when d.IsNamed("Require") && d.Args.Count > 0 && !d.Args.Any(a => a.Contains("${", StringComparison.Ordinal)):
                        if (!d.Args[0].Equals("not", StringComparison.OrdinalIgnoreCase))
                        {
                            return false;
                        }

                        any = true;
                        break;
                    case ApacheSection s when s.IsNamed("RequireAny"):
                        return false;
                    case ApacheSection s when s.IsNamed("RequireNone"):
                        any = true;
                        break;
                    case ApacheSection s when s.IsNamed("RequireAll"):
                        switch (OnlyNegative(s))
                        {
                            case false:
                                return false;
                            case null:
                                return null;
                        }

                        any = true;
                        break;
                    default:
                        return null;
                }
            }

            return any ? true : null;
        }

        /// <summary>mod_authz_core's logic around an item: the name of the or-ing section it stands in (<c>RequireAny</c>, which
        /// is also the implicit one of a directory section, or <c>RequireNone</c>), or null inside <c>&lt;RequireAll&gt;</c> or
        /// where the enclosing section is in another file.</summary>
        private static string? OrSection(ApacheItem item)
        {
            if (item.Parent is not ApacheSection parent || parent.IsNamed("RequireAll"))
            {
                return null;
            }

            return parent.IsNamed("RequireNone") ? "RequireNone" : "RequireAny";
        }

        /// <summary>The regular expression a section compiles when read: the *Match sections' argument, or the word after
        /// <c>~</c> (<c>&lt;Directory ~ re&gt;</c>, Location, Files, Proxy); null where none, or where a variable is left.</summary>
        private string? SectionRegex(ApacheSection section)
        {
            var args = section.Args;
            string? pattern = null;
            if (section.IsNamed("DirectoryMatch") || section.IsNamed("LocationMatch") || section.IsNamed("FilesMatch") || section.IsNamed("ProxyMatch"))
            {
                pattern = args.Count > 0 ? args[0] : null;
            }
            else if ((section.IsNamed("Directory") || section.IsNamed("Location") || section.IsNamed("Files") || section.IsNamed("Proxy"))
                && args.Count > 1 && args[0] == "~")
            {
                pattern = args[1];
            }

            pattern = pattern is null ? null : ApacheVariables.Expand(pattern, _variables);
            return pattern is null || pattern.Contains("${", StringComparison.Ordinal) ? null : pattern;
        }

        private void Judge(ApacheDirective directive, ConfigFile file, bool inVirtualHost, bool inDirectory, bool inLimit)
        {
            var name = directive.Name;
            var info = Table.Find(name, IsLoaded, _builtIn);
            if (info is null)
            {
                ReportUnknown(directive, file);
                return;
            }

            // mod_alias's add_alias_internal checks NOT_IN_DIR_LOC_FILE before the sections the table forbids.
            if (info.Module == "mod_alias" && AliasProblem(directive, inDirectory) is { } alias)
            {
                _findings.Error(file, directive, alias);
                return;
            }

            if (!JudgeContext(directive, file, info, info.Name, string.Empty, inVirtualHost, inDirectory, inLimit))
            {
                return;
            }

            var count = directive.Arguments.Count;
            // A FLAG reads its first word only: words after it are ignored (config.c, invoke_cmd).
            if (info.ArgumentsKnown && !(info.Arguments.IsFlag ? count >= 1 : info.Arguments.Accepts(count)))
            {
                _findings.Error(file, directive, info.Arguments.IsFlag ? $"{info.Name} must be On or Off" : ArgumentMessage(info));
                return;
            }

            if (info.ArgumentsKnown && info.Arguments.IsFlag
                && !directive.Args[0].Equals("on", StringComparison.OrdinalIgnoreCase) && !directive.Args[0].Equals("off", StringComparison.OrdinalIgnoreCase)
                && !directive.Args[0].Contains("${", StringComparison.Ordinal))
            {
                _findings.Error(file, directive, $"{info.Name} must be On or Off");
                return;
            }

            if (ApacheValueCheck.Problem(directive, ProviderKnown, a => ApacheVariables.Expand(a, _variables)) is { } problem)
            {
                _findings.Error(file, directive, problem);
                return;
            }

            if (directive.IsNamed("Require") && directive.Args.Count > 0 && directive.Args[0].Equals("not", StringComparison.OrdinalIgnoreCase) && OrSection(directive) is { } orSection)
            {
                // add_authz_provider: "Require not" where the providers are or-ed (<RequireAny>, <RequireNone>, or none).
                _findings.Error(file, directive, $"negative Require directive has no effect in <{orSection}> directive");
                return;
            }

            if (directive.IsNamed("Redirect") && ApacheValueWords.ShortRedirect(directive.Args, inDirectory) is { } redirect)
            {
                _findings.Error(file, directive, redirect);
                return;
            }

            if (directive.IsNamed("ServerAlias") && !inVirtualHost)
            {
                // core's set_server_alias: only a virtual host has aliases.
                _findings.Error(file, directive, "ServerAlias only used in <VirtualHost>");
                return;
            }

            if (directive.IsNamed("RewriteBase") && RewriteBaseProblem(directive, inDirectory) is { } rewriteBase)
            {
                _findings.Error(file, directive, rewriteBase);
                return;
            }

            if (directive.IsNamed("LogLevel") && _modulesKnown && !Foreign && UnloadedLogModule(directive) is { } logModule)
            {
                _findings.Error(file, directive, $"Cannot find module {logModule}");
                return;
            }

            if (((directive.IsNamed("ProxyPass") || directive.IsNamed("ProxyPassMatch") || directive.IsNamed("ProxyPassReverse")) && !inDirectory
                && directive.Args.Count == 1 && !directive.Args[0].Contains("${", StringComparison.Ordinal))
                || ((directive.IsNamed("ProxyPass") || directive.IsNamed("ProxyPassMatch")) && directive.Args.Count == 0))
            {
                // A bare ProxyPass has no URL even where the section gives the path.
                // Outside <Location> the first word is the path and the second the URL (mod_proxy add_pass).
                _findings.Error(file, directive, directive.IsNamed("ProxyPassReverse") ? "ProxyPassReverse needs a path when not defined in a location"
                    : "ProxyPass|ProxyPassMatch needs a path when not defined in a location");
                return;
            }

            // add_pass_reverse: inside <Location> or <Proxy> the section gives the path; a second word may only be "interpolate".
            if (directive.IsNamed("ProxyPassReverse") && inDirectory && directive.Args.Count >= 2
                && !directive.Args[1].Equals("interpolate", StringComparison.OrdinalIgnoreCase) && !directive.Args[1].Contains("${", StringComparison.Ordinal))
            {
                _findings.Error(file, directive, "ProxyPassReverse can not have a path when defined in a location");
                return;
            }

            // ProxyPass takes its path from any section around it (cmd->path); ProxySet and BalancerMember take their worker
            // from the section only when that section is <Proxy> or <ProxyMatch> (set_proxy_param, add_member).
            var named = directive.IsNamed("ProxySet") || directive.IsNamed("BalancerMember") ? InProxySection(directive, inDirectory) : inDirectory;
            if ((directive.IsNamed("ProxySet") || directive.IsNamed("ProxyPass") || directive.IsNamed("ProxyPassMatch") || directive.IsNamed("BalancerMember"))
                && WorkerParameterProblem(directive, named) is { } parameter)
            {
                _findings.Error(file, directive, parameter);
                return;
            }

            if (directive.IsNamed("ProxySet") && !named && directive.Args.Count > 0 && directive.Args[0].Contains('=', StringComparison.Ordinal)
                && !directive.Args[0].Contains("://", StringComparison.Ordinal))
            {
                // Outside <Proxy> the first word names the worker or balancer (mod_proxy, set_proxy_param).
                _findings.Error(file, directive, $"ProxySet can not find '{directive.Args[0]}' Worker.");
                return;
            }

            if (directive.IsNamed("ProxySet") && !named && directive.Args.Count > 0 && UndefinedWorker(directive.Args[0]) is { } missing)
            {
                _findings.Error(file, directive, missing);
                return;
            }

            RecordWorkers(directive, named);

            if (info.Module == "mod_ssl" && SslFiles.Contains(info.Name) && directive.Args.Count > 0)
            {
                JudgeFile(directive, file, info.Name);
            }

            if (directive.IsNamed("ServerRoot") && directive.Args.Count == 1)
            {
                _serverRoot = ApacheVariables.Expand(directive.Args[0], _variables);
            }
            else if ((directive.IsNamed("ErrorLog") || (info.Module == "mod_log_config" && (directive.IsNamed("CustomLog") || directive.IsNamed("TransferLog"))))
                && directive.Args.Count > 0)
            {
                JudgeLogFolder(directive, file, inVirtualHost);
            }
            else if (directive.IsNamed("DocumentRoot") && directive.Args.Count == 1 && !inVirtualHost)
            {
                JudgeDocumentRoot(directive, file);
            }

            if (directive.IsNamed("Listen"))
            {
                JudgeListen(directive, file, inVirtualHost);
            }
            else if (directive.IsNamed("Use"))
            {
                JudgeUse(directive, file, inVirtualHost, inDirectory, inLimit);
            }
            else if (directive.IsNamed("UndefMacro") && directive.Args.Count == 1)
            {
                if (_macros.Remove(directive.Args[0]))
                {
                    return;
                }

                if (_modulesKnown)
                {
                    _findings.Error(file, directive, _anyMacro ? $"cannot remove undefined macro '{directive.Args[0].ToLowerInvariant()}'" : "no macro defined before UndefMacro");
                }
            }
        }

        /// <summary>For a Require provider (or its module, <c>mod_authz_host</c>): whether it is surely there (true),
        /// surely not (false), or cannot be told (null: modules not known, third-party modules, provider aliases).</summary>
        private bool? ProviderKnown(string nameOrModule)
        {
            if (!_modulesKnown || Foreign)
            {
                return null;
            }

            if (nameOrModule.StartsWith("mod_", StringComparison.Ordinal))
            {
                return IsLoaded(nameOrModule);
            }

            return _providerAliases ? null : false;
        }

        /// <summary>mod_ssl checks these files when it reads the line (ssl_cmd_check_file): a missing one is refused. Judged
        /// only where the absence is certain: an absolute path whose folder is under the root and holds files of its
        /// kind (MissingFileEvidence); otherwise --verbose says it was not judged.</summary>
        private void JudgeFile(ApacheDirective directive, ConfigFile file, string name)
        {
            var path = ApacheVariables.Expand(directive.Args[0], _variables);
            var fs = _workspace.FileSystem;
            if (path.Contains('$', StringComparison.Ordinal) || !path.StartsWith('/') || fs.Root is null)
            {
                _findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: {name} \"{path}\" not judged (no root, or a path relative to ServerRoot)");
                return;
            }

            if (fs.FileExists(path))
            {
                return;
            }

            var folder = Path.GetDirectoryName(path);
            if (MissingFileEvidence.Unproven(fs, path) is { } why)
            {
                _findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: {name} \"{path}\" cannot be judged: {why}");
                return;
            }

            _findings.Error(file, directive, $"{name}: file '{path}' does not exist or is empty");
        }

        /// <summary>
        /// A <c>${NAME}</c> httpd cannot expand stays in the value as written, with a warning (ap_resolve_env, AH00111). It
        /// is said only with evidence that nothing gives it: envvars was read, no unit of the service sets variables, no
        /// Define before it gives the name, and the name is a slip of one that is defined (<c>${APACHE_LOG_DIRx}</c>); a name
        /// unlike any may be the environment's (a container's, a shell's).
        /// </summary>
        private void JudgeVariables(SyntaxNode node, IReadOnlyList<string> args, ConfigFile file)
        {
            foreach (var arg in args)
            {
                if (!_variablesKnown || !arg.Contains("${", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var name in VariableNames(arg))
                {
                    if (name is not null && Slip(name) is { } known)
                    {
                        _findings.Warning(file, node, $"Config variable ${{{name}}} is not defined: httpd keeps it in the value as written (did you mean ${{{known}}}?)");
                    }
                }
            }
        }

        /// <summary>The defined variable <paramref name="name"/> is a slip of, where it is itself proven undefined (see
        /// <see cref="JudgeVariables"/>), else null.</summary>
        /// <remarks>A slip is one edit (a letter added, lost, changed, or two swapped): APACHE_RUN_DIR is no slip of
        /// APACHE_LOG_DIR, only another name.</remarks>
        private string? Slip(string name) =>
            !_variablesKnown || name.Length < 4 || _variables.ContainsKey(name) ? null
            : _variables.Keys.Where(known => Suggestions.IsSlip(name, known)).Order(StringComparer.Ordinal).FirstOrDefault();

        /// <summary>
        /// httpd opens its logs before it reports the configuration good (open_error_log, AH02291; mod_log_config's
        /// open_config_log, AH02297): a log whose folder is missing stops <c>apache2 -t</c> and the start. Pipes and
        /// syslog are not files. Judged only where the folder's absence is certain: its parent is in the tree and is the
        /// configuration's own folder (a log path that went wrong inside ServerRoot: <c>$x{APACHE_LOG_DIR}/error.log</c>),
        /// or the tree is the live machine (<c>--root /</c>); a repository often leaves log folders out (git keeps no
        /// empty folder), and a variable no Define or envvars gives may come from the service's environment.
        /// </summary>
        private void JudgeLogFolder(ApacheDirective directive, ConfigFile file, bool inVirtualHost)
        {
            var raw = directive.Args[0];
            var errorLog = directive.IsNamed("ErrorLog");
            _mainErrorLog |= errorLog && !inVirtualHost; // a pipe or syslog is the main server's error log too (no default opened)
            if (raw.StartsWith('|') || (errorLog && (raw == "syslog" || raw.StartsWith("syslog:", StringComparison.Ordinal))))
            {
                return;
            }

            JudgeLogPath(raw, directive.Name, errorLog, directive, file, inVirtualHost, string.Empty);
        }

        /// <summary>Judges the folder of a log httpd opens at start (see <see cref="JudgeLogFolder"/>), for a directive or,
        /// with <paramref name="why"/> said after the message, for httpd's default.</summary>
        private void JudgeLogPath(string raw, string name, bool errorLog, SyntaxNode directive, ConfigFile file, bool inVirtualHost, string why)
        {

            var fs = _workspace.FileSystem;
            var configFolder = Path.GetFileName(Main.DaemonPath) == "apache2.conf" ? Path.GetDirectoryName(Main.DaemonPath) : null;
            var serverRoot = _serverRoot ?? configFolder;
            var path = ApacheVariables.Expand(raw, _variables);
            var slipped = path.Contains("${", StringComparison.Ordinal) && OnlySlips(path);
            if (fs.Root is null || (path.Contains("${", StringComparison.Ordinal) && !slipped) || (!path.StartsWith('/') && serverRoot is null))
            {
                _findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: {name} \"{path}\" not judged (no root, a variable not known here, or no ServerRoot)");
                return;
            }

            path = path.StartsWith('/') ? path : Path.Combine(serverRoot!, path);
            var folder = Path.GetDirectoryName(RootedFileSystem.Normalize(path));
            if (folder is null || fs.DirectoryExists(folder))
            {
                return;
            }

            // A link there (RHEL's /etc/httpd/logs -> /var/log/httpd) leads where the tree may not reach: not judged.
            // A folder named with an undefined variable as written (${APACHE_LOG_DIRx}) is missing wherever it stands.
            var parent = Path.GetDirectoryName(folder);
            var inConfig = parent is not null && (parent == serverRoot || parent == configFolder);
            var literal = slipped && folder.Contains("${", StringComparison.Ordinal) && fs.EntryTypeOf(folder) == FileType.Missing;
            if (!literal && (parent is null || !fs.DirectoryExists(parent) || fs.EntryTypeOf(folder) != FileType.Missing || !(inConfig || fs.Root == "/")))
            {
                _findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: {name} \"{path}\" cannot be judged: its folder {folder} is not in the tree (log folders are often left out of a repository)");
                return;
            }

            _findings.Error(file, directive, (errorLog
                ? $"Cannot access directory '{folder}/' for {(inVirtualHost ? "error log of vhost" : "main error log")}"
                : $"Cannot access directory '{folder}/' for log file '{path}'") + why);
        }

        /// <summary>
        /// Without an ErrorLog of the main server httpd opens its compiled default, logs/error_log under ServerRoot
        /// (DEFAULT_ERRORLOG): Debian's ServerRoot, /etc/apache2, has no logs folder, so a main ErrorLog lost (in an
        /// &lt;IfModule&gt; of a module not loaded, say) stops it. Said at the main file's first line.
        /// </summary>
        private void JudgeDefaultErrorLog(ApacheConfigFile root)
        {
            if (!_mainErrorLog && !_unreadInclude && root.Items.Count > 0)
            {
                JudgeLogPath("logs/error_log", "ErrorLog (httpd's default)", errorLog: true, root.Items[0], Main, inVirtualHost: false,
                    " (no ErrorLog is set for the main server: httpd opens its default, logs/error_log under ServerRoot)");
            }
        }

        /// <summary>
        /// core's set_document_root: outside a virtual host a DocumentRoot that is no folder stops httpd (inside one it is
        /// only warned of, AH00112). Judged on the live machine only (<c>--root /</c>): a repository seldom holds the site's
        /// files, and a deployment may make the folder after the configuration.
        /// </summary>
        private void JudgeDocumentRoot(ApacheDirective directive, ConfigFile file)
        {
            var fs = _workspace.FileSystem;
            var root = ApacheVariables.Expand(directive.Args[0], _variables);
            var serverRoot = _serverRoot ?? (Path.GetFileName(Main.DaemonPath) == "apache2.conf" ? Path.GetDirectoryName(Main.DaemonPath) : null);
            if (fs.Root != "/" || root.Contains("${", StringComparison.Ordinal) || (!root.StartsWith('/') && serverRoot is null))
            {
                return;
            }

            var path = RootedFileSystem.Normalize(root.StartsWith('/') ? root : Path.Combine(serverRoot!, root));
            if (!fs.DirectoryExists(path) && fs.EntryTypeOf(path) is FileType.Missing or FileType.Regular)
            {
                _findings.Error(file, directive, $"DocumentRoot '{path}' is not a directory, or is not readable");
            }
        }

        private bool OnlySlips(string path) => VariableNames(path).All(name => name is not null && Slip(name) is not null);

        /// <summary>The names of the <c>${NAME}</c> of a value, in order; null for a <c>${</c> never closed (the last).</summary>
        private static IEnumerable<string?> VariableNames(string text)
        {
            for (var at = text.IndexOf("${", StringComparison.Ordinal); at >= 0; at = text.IndexOf("${", at + 2, StringComparison.Ordinal))
            {
                var close = text.IndexOf('}', at + 2);
                yield return close < 0 ? null : text[(at + 2)..close];
                if (close < 0)
                {
                    yield break;
                }
            }
        }

        /// <summary>mod_proxy's worker and balancer parameters (set_worker_param, set_balancer_param, and mod_proxy_hcheck's
        /// when it is loaded): a key=value it does not know is refused.</summary>
        /// <summary>
        /// mod_proxy's set_proxy_param outside <c>&lt;Proxy&gt;</c>: the first word must name a worker or balancer the
        /// server (the main server, or the virtual host it stands in: a virtual host's table holds only its own until the
        /// configuration is merged) has defined in the lines read before it, by a ProxyPass or ProxyPassMatch
        /// (add_pass), a <c>&lt;Proxy URL key=value&gt;</c> or a ProxySet inside <c>&lt;Proxy URL&gt;</c> (proxysection,
        /// set_proxy_param), or, for a balancer, a BalancerMember; a balancer member's worker is the balancer's own, not found
        /// there. <c>ap_proxy_get_worker_ex</c> finds a worker whose name begins the URL (scheme and host compared without
        /// case, at least <c>scheme://host[:port]</c>), <c>ap_proxy_get_balancer</c> one of the same name: otherwise httpd
        /// stops, "ProxySet can not find 'URL' Worker." (or "Balancer."). A name ConfLint cannot read, a ProxyPassMatch's
        /// worker that may match, an Include not read or a variable left: no finding.
        /// </summary>
        private string? UndefinedWorker(string raw)
        {
            var text = ApacheVariables.Expand(raw, _variables);
            if (_unreadInclude || !text.Contains("://", StringComparison.Ordinal) || text.Contains('$', StringComparison.Ordinal) || text.Contains('%', StringComparison.Ordinal)
                || WorkerName(text) is not { } url)
            {
                return null;
            }

            var balancer = url.StartsWith("balancer://", StringComparison.Ordinal);
            var authority = url.IndexOf('/', url.IndexOf("://", StringComparison.Ordinal) + 3) is var slash and >= 0 ? slash : url.Length;
            foreach (var (name, matchable) in _workers.GetValueOrDefault((object?)_server ?? MainScope) ?? [])
            {
                if (name.Length == 0)
                {
                    return null;
                }

                var head = matchable && name.IndexOf('$', StringComparison.Ordinal) is >= 0 and var dollar ? name[..dollar] : name;
                if (balancer ? name == url
                    : matchable ? url.StartsWith(head, StringComparison.Ordinal) || head.StartsWith(url, StringComparison.Ordinal)
                    : name.Length >= authority && url.StartsWith(name, StringComparison.Ordinal))
                {
                    return null;
                }
            }

            var where = _server is null ? "the main server" : $"this <VirtualHost {string.Join(' ', _server.Args)}>";
            return $"ProxySet can not find '{text}' {(balancer ? "Balancer" : "Worker")}. (outside <Proxy>, ProxySet only sets the parameters of a {(balancer ? "balancer" : "worker")} {where} has defined in the lines read before it, by {(balancer ? "<Proxy \"balancer://...\">, BalancerMember or ProxyPass" : "ProxyPass, ProxyPassMatch or <Proxy \"URL\">")}; none does: put it inside <Proxy \"{text}\"> ... </Proxy>)";
        }

        /// <summary>The workers and balancers a ProxyPass, ProxyPassMatch, BalancerMember or ProxySet inside <c>&lt;Proxy&gt;</c>
        /// defines (see <see cref="UndefinedWorker"/>).</summary>
        private void RecordWorkers(ApacheDirective directive, bool inProxy)
        {
            var args = directive.Args;
            if (directive.IsNamed("ProxyPass") || directive.IsNamed("ProxyPassMatch"))
            {
                // The URL is the first word in <Location>, else the second: the first of the two that is one.
                var url = args.Take(2).FirstOrDefault(a => a.Contains("://", StringComparison.Ordinal) || a.Contains("${", StringComparison.Ordinal));
                if (url is not null || !args.Take(2).Contains("!"))
                {
                    RecordWorker(url ?? string.Empty, directive.IsNamed("ProxyPassMatch"));
                }
            }
            else if (directive.IsNamed("BalancerMember"))
            {
                // add_member: the balancer is the section's (<Proxy balancer://...>) or the first word.
                var balancer = inProxy && directive.ParentSection is { Args.Count: > 0 } parent ? parent.Args[0] : args.Count > 1 ? args[0] : null;
                if (balancer is not null)
                {
                    RecordWorker(balancer, matchable: false);
                }
            }
            else if (directive.IsNamed("ProxySet") && inProxy)
            {
                if (directive.ParentSection is { Args.Count: > 0 } parent)
                {
                    RecordWorker(parent.Args[0] == "~" ? string.Empty : parent.Args[0], parent.IsNamed("ProxyMatch") || parent.Args[0].IndexOfAny(['*', '?', '[']) >= 0);
                }
                else
                {
                    RecordWorker(string.Empty, matchable: true); // the section is in the including file
                }
            }
        }

        private void RecordWorker(string raw, bool matchable)
        {
            var key = (object?)_server ?? MainScope;
            if (!_workers.TryGetValue(key, out var list))
            {
                _workers[key] = list = [];
            }

            var text = ApacheVariables.Expand(raw, _variables);
            var name = text.Contains("${", StringComparison.Ordinal) ? null : WorkerName(text);
            list.Add(name is null ? (string.Empty, true) : (name, matchable));
        }

        /// <summary>A worker's or balancer's name as mod_proxy compares it: after a <c>unix:PATH|</c> socket
        /// (<c>ap_proxy_de_socketfy</c>), scheme and host in lower case, the scheme's default port left out, a balancer's
        /// path cut off (<c>ap_proxy_get_balancer</c>); null for what is no URL.</summary>
        internal static string? WorkerName(string url) =>
            ApacheProxyUrl.WorkerName(url) is not { } name ? null
            : name.StartsWith("balancer://", StringComparison.Ordinal) && name.IndexOf('/', "balancer://".Length) is > 0 and var slash ? name[..slash] : name;

        /// <summary>Whether the section right around a directive is <c>&lt;Proxy&gt;</c> or <c>&lt;ProxyMatch&gt;</c>, as mod_proxy
        /// asks (<c>cmd-&gt;directive-&gt;parent</c>, by the first six letters). At the top of an included file the section
        /// around is the including file's: then any section around counts, as before.</summary>
        private static bool InProxySection(ApacheDirective directive, bool inDirectory) =>
            directive.ParentSection is { } parent ? parent.IsNamed("Proxy") || parent.IsNamed("ProxyMatch") : inDirectory;

        private string? WorkerParameterProblem(ApacheDirective directive, bool inDirectory)
        {
            var args = directive.Args;
            var set = directive.IsNamed("ProxySet");
            var member = directive.IsNamed("BalancerMember");
            var skip = set || member ? (inDirectory ? 0 : 1) : (inDirectory ? 1 : 2);
            var prefix = set ? "ProxySet: " : member ? "BalancerMember " : "ProxyPass ";
            var url = member ? (args.Count > skip ? args[skip] : null) : (args.Count >= skip && skip > 0 ? args[skip - 1] : null);
            skip += member ? 1 : 0;
            if (url is not null && url.Contains("${", StringComparison.Ordinal))
            {
                return null;
            }

            // A ProxyPass to a balancer gives the balancer's parameters (set_balancer_param), and a ProxySet may name one.
            var balancer = set || (url?.StartsWith("balancer://", StringComparison.OrdinalIgnoreCase) ?? true);
            if (!set && !directive.IsNamed("ProxyPassMatch") && url is not null && url != "!" && ApacheProxyUrl.Problem(url) is { } urlProblem)
            {
                var who = member ? "BalancerMember " : urlProblem.StartsWith("uses", StringComparison.Ordinal) ? "ProxyPass|ProxyPassMatch " : "ProxyPass ";
                return who + urlProblem;
            }

            foreach (var arg in args.Skip(skip))
            {
                var eq = arg.IndexOf('=');
                if (arg.Contains("${", StringComparison.Ordinal))
                {
                    continue;
                }

                if (eq < 0 && !set)
                {
                    // add_pass takes its three flags; every other word must be key=value (BalancerMember: all of them).
                    if (member || !(arg.Equals("nocanon", StringComparison.OrdinalIgnoreCase) || arg.Equals("interpolate", StringComparison.OrdinalIgnoreCase) || arg.Equals("noquery", StringComparison.OrdinalIgnoreCase)))
                    {
                        // Inside a section the first word is the URL (cmd->path is the path): a URL starting with '/' is read
                        // as a path given twice, and add_pass says so.
                        return member ? "Invalid BalancerMember parameter. Parameter must be in the form 'key=value'"
                            : inDirectory && url is not null && url.StartsWith('/') ? "ProxyPass|ProxyPassMatch can not have a path when defined in a location."
                            : "Invalid ProxyPass|ProxyPassMatch parameter. Parameter must be in the form 'key=value'.";
                    }

                    continue;
                }

                if (eq <= 0)
                {
                    continue;
                }

                var key = arg[..eq];
                if (!WorkerParameters.Contains(key) && !(key.StartsWith("hc", StringComparison.OrdinalIgnoreCase) && IsLoaded("mod_proxy_hcheck")))
                {
                    return set ? $"ProxySet: unknown Worker parameter {arg}" : $"{prefix}unknown Worker parameter {arg}";
                }

                if (!balancer && ApacheWorkerParameters.Problem(key, arg[(eq + 1)..]) is { } value)
                {
                    return prefix + value;
                }
            }

            return null;
        }

        /// <summary>core's set_loglevel: a <c>module:level</c> word names a module by its short name (rewrite), its source
        /// file (mod_rewrite.c) or its symbol (rewrite_module), which must be compiled in or loaded.</summary>
        private string? UnloadedLogModule(ApacheDirective directive)
        {
            foreach (var arg in directive.Args)
            {
                var colon = arg.LastIndexOf(':');
                if (colon <= 0 || arg.Contains('$', StringComparison.Ordinal))
                {
                    continue;
                }

                var name = arg[..colon];
                var bare = name.EndsWith(".c", StringComparison.Ordinal) ? name[..^2] : name.EndsWith("_module", StringComparison.Ordinal) ? name[..^"_module".Length] : name;
                bare = bare.StartsWith("mod_", StringComparison.Ordinal) ? bare["mod_".Length..] : bare;
                var known = bare is "http" or "core" || _builtIn.Contains(bare) || _builtIn.Contains("mod_" + bare)
                    || IsLoaded("mod_" + bare) || IsLoaded(bare + "_module");
                if (!known)
                {
                    return name;
                }
            }

            return null;
        }

        /// <summary>A macro as mod_macro keeps it: its name in lower case, its parameters, the lines of its body as written.</summary>
        private sealed record Macro(string Name, ApacheSection Section, ConfigFile File, IReadOnlyList<string> Parameters, IReadOnlyList<string> Body)
        {
            public string Where => $"macro '{Name}' (defined on line {Section.NameToken.Position.Line} of \"{File.DisplayPath}\")";
        }

        /// <summary>mod_macro's macro_section: a name, parameters of distinct non-empty names; the body is kept as text and
        /// read only where a <c>Use</c> expands it (an unused macro's body is never judged).</summary>
        private void DefineMacro(ApacheSection section, ConfigFile file)
        {
            _anyMacro = true;
            var args = section.Args;
            if (args.Count == 0 || args[0].Length == 0)
            {
                _findings.Error(file, section, args.Count == 0 ? "<Macro macro definition: empty name" : "<Macro macro definition: name not found");
                return;
            }

            var name = args[0].ToLowerInvariant();
            var parameters = args.Skip(1).SkipWhile(a => a.StartsWith('/')).ToList();
            var text = section.Tree.Source.Text;
            var bodyStart = text.IndexOf('\n', section.GreaterThanToken.End);
            var bodyEnd = section.IsUnclosed ? text.Length : text.LastIndexOf('\n', Math.Max(0, section.LessThanSlashToken.Start - 1)) + 1;
            var body = bodyStart < 0 || bodyStart + 1 > bodyEnd ? [] : text[(bodyStart + 1)..bodyEnd].Split('\n').SkipLast(1).ToArray();
            var macro = new Macro(name, section, file, parameters, body);
            for (var i = 0; i < parameters.Count; i++)
            {
                if (parameters[i].Length == 0)
                {
                    _findings.Error(file, section, $"{macro.Where}: empty argument #{i + 1} name");
                    return;
                }

                for (var j = i + 1; j < parameters.Count; j++)
                {
                    if (parameters[i] == parameters[j])
                    {
                        _findings.Error(file, section, $"argument name conflict in macro '{name}' ({macro.Where[(macro.Where.IndexOf('(') + 1)..^1]}): argument '{parameters[i]}': #{i + 1} and #{j + 1}, change argument names!");
                        return;
                    }
                }
            }

            _macros[name] = macro;
        }

        /// <summary>mod_macro's use_macro: the macro must be defined above (in reading order), not be the one being
        /// expanded, and get as many arguments as it declares; then its body, the arguments put in, is read where the
        /// <c>Use</c> stands, and what httpd would refuse in it is reported at the <c>Use</c>.</summary>
        private void JudgeUse(ApacheDirective directive, ConfigFile file, bool inVirtualHost, bool inDirectory, bool inLimit)
        {
            if (directive.Args.Count == 0)
            {
                // mod_macro's use_macro: no macro at all is told first, then the missing name.
                if (_modulesKnown)
                {
                    _findings.Error(file, directive, _anyMacro ? "no macro name specified with Use" : "no macro defined before Use");
                }

                return;
            }

            if (directive.Args.Any(a => a.Contains("${", StringComparison.Ordinal)))
            {
                return;
            }

            var name = directive.Args[0].ToLowerInvariant();
            if (!_macros.TryGetValue(name, out var macro))
            {
                // Only where the whole configuration is read from its main file is "defined above" known.
                if (_modulesKnown)
                {
                    _findings.Error(file, directive, _anyMacro ? $"macro '{name}' undefined" : "no macro defined before Use");
                }
                else
                {
                    _findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: Use {name}: no macro of that name read above (the main configuration was not read)");
                }

                return;
            }

            if (_expanding.Contains(name, StringComparer.Ordinal))
            {
                _findings.Error(file, directive, $"recursive use of macro '{name}' is invalid");
                return;
            }

            var given = directive.Args.Count - 1;
            if (given != macro.Parameters.Count)
            {
                _findings.Error(file, directive, $"{macro.Where} used with {given} arguments instead of {macro.Parameters.Count}");
                return;
            }

            Expand(macro, directive, file, inVirtualHost, inDirectory, inLimit);
        }

        private const int MaxExpandedLines = 100_000;

        private void Expand(Macro macro, ApacheDirective use, ConfigFile file, bool inVirtualHost, bool inDirectory, bool inLimit)
        {
            _expandedLines += macro.Body.Count;
            if (_expandedLines > MaxExpandedLines)
            {
                _findings.Note($"CL000: {file.DisplayPath}:{use.Location.Start.Line}: Use {macro.Name}: more than {MaxExpandedLines} lines of macros expanded; the rest is not judged");
                return;
            }

            var values = use.Args.Skip(1).ToList();
            var text = string.Join('\n', macro.Body.Select(line => Substitute(line, macro.Parameters, values))) + "\n";
            var parsed = ConfigParser.Parse(Text.SourceText.FromBytes(file.DisplayPath, System.Text.Encoding.UTF8.GetBytes(text)), ConfigKind.Apache);
            if (parsed.Tree?.Root is not ApacheConfigFile expanded)
            {
                // httpd reads on past the macro's end into the file that uses it: what does not parse alone is not judged.
                _findings.Note($"CL000: {file.DisplayPath}:{use.Location.Start.Line}: Use {macro.Name}: the expansion does not parse on its own; not judged");
                return;
            }

            var outerRedirect = _findings.Redirect;
            var outerSite = _useSite;
            _findings.Redirect ??= (file, use.Location.Span, $"{macro.Where} used on line {use.Location.Start.Line}: ");
            _useSite ??= (use, file);
            _expanding.Add(macro.Name);
            Walk(expanded.Items, file, inVirtualHost, inDirectory, inLimit);
            _expanding.RemoveAt(_expanding.Count - 1);
            _findings.Redirect = outerRedirect;
            _useSite = outerSite;
        }

        /// <summary>mod_macro's substitute_macro_args on one line: from the left, the earliest parameter name found (the
        /// longest where several start at one place) is replaced by its value (a name starting with '@' by the value in
        /// double quotes, '"' and '\' escaped), and the search goes on the value's length further.</summary>
        private static string Substitute(string line, IReadOnlyList<string> names, IReadOnlyList<string> values)
        {
            var buffer = new System.Text.StringBuilder(line);
            var at = 0;
            // httpd's line buffer is MAX_STRING_LEN (8192) long: a value that brings its own name back stops there.
            while (at <= buffer.Length && buffer.Length < 8192)
            {
                var current = buffer.ToString();
                var chosen = -1;
                var which = -1;
                for (var i = 0; i < names.Count; i++)
                {
                    var found = current.IndexOf(names[i], at, StringComparison.Ordinal);
                    if (found >= 0 && (chosen < 0 || found < chosen || (found == chosen && names[i].Length > names[which].Length)))
                    {
                        chosen = found;
                        which = i;
                    }
                }

                if (chosen < 0)
                {
                    break;
                }

                var name = names[which];
                var value = values[which];
                if (name != value)
                {
                    var replacement = name[0] == '@' ? "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : value;
                    buffer.Remove(chosen, name.Length).Insert(chosen, replacement);
                }

                at = chosen + value.Length;
            }

            return buffer.ToString();
        }

        /// <summary>mod_alias's add_alias for <c>Alias</c> and <c>ScriptAlias</c>: two words map a path and belong outside
        /// every section with a path (<c>&lt;Directory&gt;</c>, <c>&lt;Location&gt;</c>, <c>&lt;If&gt;</c>...: "cannot occur
        /// within directory context"); one word takes the section's path, so it needs one.</summary>
        private static string? AliasProblem(ApacheDirective directive, bool inDirectory)
        {
            if (!directive.IsNamed("Alias") && !directive.IsNamed("ScriptAlias"))
            {
                return null;
            }

            var count = directive.Args.Count;
            return count == 2 && inDirectory ? $"{directive.Name} cannot occur within directory context"
                : count == 1 && !inDirectory ? $"{directive.Name} must have two arguments when used globally"
                : null;
        }

        /// <summary>mod_rewrite's cmd_rewritebase: only where httpd has a path (a directory, location, files, proxy or
        /// &lt;If&gt; section), and a URL path.</summary>
        private string? RewriteBaseProblem(ApacheDirective directive, bool inDirectory)
        {
            if (!inDirectory)
            {
                return "RewriteBase: only valid in per-directory config files";
            }

            var url = directive.Args.Count == 1 ? ApacheVariables.Expand(directive.Args[0], _variables) : "/";
            return url.Length == 0 ? "RewriteBase takes one argument, the base URL of the per-directory context"
                : url[0] != '/' && !url.Contains("${", StringComparison.Ordinal) ? "RewriteBase: argument is not a valid URL" : null;
        }

        private bool JudgeContext(ApacheItem item, ConfigFile file, ApacheDirectiveInfo info, string name, string gt, bool inVirtualHost, bool inDirectory, bool inLimit)
        {
            if (info.ExecOnRead)
            {
                return true;
            }

            if ((inDirectory && !info.InDirectory) || (!inDirectory && !info.InServer))
            {
                _findings.Error(file, item, $"{name} not allowed here");
                return false;
            }

            if (inVirtualHost && info.NotInVirtualHost)
            {
                _findings.Error(file, item, $"{name}{gt} cannot occur within <VirtualHost> section");
                return false;
            }

            if (inLimit && info.Checks.Contains("NOT_IN_LIMIT", StringComparison.Ordinal))
            {
                _findings.Error(file, item, $"{name}{gt} cannot occur within <Limit> or <LimitExcept> section");
                return false;
            }

            // AllowOverride and AllowOverrideList only warn where they are useless (AH00114, AH00115): httpd ignores them and
            // serves as before, so it is info here (puppet-foreman's shipped assets fragment has one in <LocationMatch>: a
            // warning on every such server would be noise beside the causes of 502s).
            if (info.Checks.Contains("USELESS_IN_", StringComparison.Ordinal) && ForbiddenSection(item, info.Checks.Replace("USELESS_IN_", "NOT_IN_", StringComparison.Ordinal)) is { } useless)
            {
                _findings.Info(file, item, $"Useless use of {name} inside <{useless}>: httpd ignores it there");
                return true;
            }

            if (ForbiddenSection(item, info.Checks) is { } found)
            {
                _findings.Error(file, item, $"{name}{gt} cannot occur within <{found}> section");
                return false;
            }

            return true;
        }

        /// <summary>ap_check_cmd_context's NOT_IN_DIRECTORY, NOT_IN_LOCATION and NOT_IN_FILES: the first section of those
        /// kinds around the item (find_parent walks every ancestor), as written. Only the sections of the item's own file
        /// are looked at; one around the include that brought it in is not.</summary>
        private static string? ForbiddenSection(ApacheItem item, string checks)
        {
            (string Flag, string[] Sections)[] forbidden =
            [
                ("NOT_IN_DIRECTORY", ["Directory", "DirectoryMatch"]),
                ("NOT_IN_LOCATION", ["Location", "LocationMatch"]),
                // ap_check_cmd_context counts <If>, <ElseIf> and <Else> with <Files> (httpd 2.4).
                ("NOT_IN_FILES", ["Files", "FilesMatch", "If", "ElseIf", "Else"]),
            ];
            foreach (var (flag, sections) in forbidden)
            {
                if (!checks.Contains(flag, StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var kind in sections)
                {
                    for (var parent = item.ParentSection; parent is not null; parent = parent.ParentSection)
                    {
                        if (parent.IsNamed(kind))
                        {
                            return parent.Name;
                        }
                    }
                }
            }

            return null;
        }

        private void JudgeListen(ApacheDirective directive, ConfigFile file, bool inVirtualHost)
        {
            if (inVirtualHost)
            {
                _findings.Error(file, directive, "Listen cannot occur within <VirtualHost> section");
                return;
            }

            if (directive.Args.Count is < 1 or > 2)
            {
                _findings.Error(file, directive, "Listen requires 1 or 2 arguments.");
                return;
            }

            var address = ApacheVariables.Expand(directive.Args[0], _variables);
            if (address.Contains("${", StringComparison.Ordinal))
            {
                return;
            }

            if (ListenPortProblem(address) is { } portProblem)
            {
                _findings.Error(file, directive, portProblem);
                return;
            }

            var key = !address.AsSpan().ContainsAnyExceptInRange('0', '9') ? "*:" + address : address;
            if (_listens.TryGetValue(key, out var earlier))
            {
                // Debian's ports.conf listens on 443 under both <IfModule ssl_module> and <IfModule mod_gnutls.c>: only
                // one of the two is loaded (their packages conflict), which the modules, unknown here, would tell.
                if (earlier.Assumed || _assumedSections > 0)
                {
                    _findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: Listen {address} again (first at {earlier.File.DisplayPath}:{earlier.Directive.Location.Start.Line}) not judged: one of them stands in an <IfModule> of a module not known to be loaded (the main configuration's LoadModule lines were not read)");
                    return;
                }

                _findings.Error(file, directive, "Cannot define multiple Listeners on the same IP:port",
                    [Findings.Related(earlier.File, earlier.Directive, "the same address and port first")]);
                return;
            }

            _listens[key] = _useSite is { } site ? (site.Directive, site.File, _assumedSections > 0) : (directive, file, _assumedSections > 0);
        }

        /// <summary><c>ap_set_listener</c> through <c>apr_parse_addr_port</c>: a port from 1 to 65535 must be given.</summary>
        private static string? ListenPortProblem(string address)
        {
            var hostEnd = address.StartsWith('[') ? address.IndexOf(']', StringComparison.Ordinal) + 1 : 0;
            if (hostEnd < 0)
            {
                return "Invalid address or port";
            }

            var colon = address.IndexOf(':', hostEnd);
            var port = colon >= 0 ? address[(colon + 1)..] : hostEnd > 0 ? string.Empty : address;
            if (colon < 0 && hostEnd == 0 && address.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                return "Port must be specified";
            }

            if (port.Length == 0 || port.AsSpan().ContainsAnyExceptInRange('0', '9') || port.Length > 5 || int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) is 0 or > 65535)
            {
                return port.Length == 0 || !port.AsSpan().ContainsAnyExceptInRange('0', '9') && port.TrimStart('0').Length == 0 ? "Port must be specified" : "Invalid address or port";
            }

            return null;
        }

        private void ReportUnknown(ApacheDirective directive, ConfigFile file)
        {
            var name = directive.Name;
            var known = Table.Named(name).Count > 0;
            var suggestion = known ? null : Table.Suggest(name);
            var distance = suggestion is null ? int.MaxValue : Suggestions.Distance(name.ToLowerInvariant(), suggestion.ToLowerInvariant());
            const string Invalid = "Invalid command '{0}', perhaps misspelled or defined by a module not included in the server configuration{1}";
            if (Foreign)
            {
                // A module the tables do not know may define any name, but not every one: a near miss of a known name
                // (two edits where the loaded modules are known, else one) that does not start as the module's own
                // names do (foo_module's Foo...) is a typo httpd refuses whichever module is loaded (Alais for Alias).
                var owner = _unknownModules.FirstOrDefault(m => SharesStem(name, m.Identifier, m.FileName));
                if (!known && distance <= (_modulesKnown ? 2 : 1) && owner.Identifier is null)
                {
                    _findings.Error(file, directive, string.Format(System.Globalization.CultureInfo.InvariantCulture, Invalid, name, $" (did you mean '{suggestion}'?)"));
                    return;
                }

                var modules = string.Join(", ", _unknownModules.Select(m => $"{m.Identifier} from {m.FileName}"));
                _findings.Note($"CL000: {file.DisplayPath}:{directive.Location.Start.Line}: {name} is not judged: "
                    + (owner.Identifier is not null ? $"it is named like {owner.Identifier}'s directives, a module ConfLint does not know"
                        : $"the configuration loads modules ConfLint does not know ({modules}), which may define it"));
                return;
            }

            // Where the loaded modules are not known, only a slip of one letter from a known name is called a typo: a third
            // party's directive is often two letters from a core one (mod_ruid2's RGroups and Group).
            if (_modulesKnown || (!known && distance <= 1))
            {
                var hint = known ? $" (its module {Table.Named(name)[0].Module} is not loaded)" : suggestion is not null ? $" (did you mean '{suggestion}'?)" : string.Empty;
                _findings.Error(file, directive, string.Format(System.Globalization.CultureInfo.InvariantCulture, Invalid, name, hint));
            }
        }

        /// <summary>An active <c>&lt;IfModule module&gt;</c> whose module is neither built in nor known to be loaded: read
        /// only because the loaded modules are not known.</summary>
        private bool IsAssumed(ApacheSection section)
        {
            if (_modulesKnown || !section.IsNamed("IfModule") || section.Args.Count == 0 || section.Args[0].StartsWith('!'))
            {
                return false;
            }

            var name = section.Args[0];
            var bare = name.EndsWith(".c", StringComparison.Ordinal) ? name[..^2] : name.Replace("_module", string.Empty, StringComparison.Ordinal);
            return !_builtIn.Contains(bare) && !_builtIn.Contains("mod_" + bare);
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
                var present = !_modulesKnown || _loaded.Contains(name) || _loaded.Contains(name.EndsWith(".c", StringComparison.Ordinal) ? name[..^2] : name)
                    || _builtIn.Contains(name.EndsWith(".c", StringComparison.Ordinal) ? name[..^2] : name.Replace("_module", string.Empty, StringComparison.Ordinal))
                    || _builtIn.Contains("mod_" + name.Replace("_module", string.Empty, StringComparison.Ordinal));
                return present != negated;
            }

            return _variables.ContainsKey(name) != negated;
        }

        private static string ArgumentMessage(ApacheDirectiveInfo info) => info.Arguments switch
        {
            { Any: false, AtLeast: 1 } => $"{info.Name} requires at least one argument",
            { Any: false, AtLeast: 2 } => $"{info.Name} requires at least two arguments",
            { ExactMask: 1 } => $"{info.Name} takes no arguments",
            { ExactMask: 2 } => $"{info.Name} takes one argument",
            { ExactMask: 4 } => $"{info.Name} takes two arguments",
            { ExactMask: 8 } => $"{info.Name} takes three arguments",
            { ExactMask: 6 } => $"{info.Name} takes 1-2 arguments",
            { ExactMask: 12 } => $"{info.Name} takes two or three arguments",
            { ExactMask: 14 } => $"{info.Name} takes one, two or three arguments",
            { ExactMask: 10 } => $"{info.Name} takes one or three arguments",
            _ => $"{info.Name}: wrong number of arguments",
        };
    }
}
