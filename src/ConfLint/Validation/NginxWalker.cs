using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>Walks one nginx configuration as <c>ngx_conf_parse</c> does, judging each directive with the table.</summary>
internal sealed class NginxWalker(ConfigWorkspace workspace, NginxEnvironment environment, Findings findings, bool assumed)
{
    private static readonly NginxDirectiveTable Table = NginxDirectiveTable.Instance;

    private readonly HashSet<ConfigFile> _including = [];
    private readonly List<(NginxDirective Server, ConfigFile File, NginxLevel Level)> _servers = [];
    private readonly List<(NginxDirective Upstream, ConfigFile File, NginxLevel Level)> _upstreams = [];
    private readonly NginxReferences _references = new(findings);
    private readonly NginxVariableCheck _variables = new();
    private readonly NginxVariableCheck _streamVariables = new(stream: true);
    private readonly HashSet<NginxDirective> _filesJudged = new(ReferenceEqualityComparer.Instance);
    private readonly List<(NginxDirective Server, ConfigFile File, NginxLevel Level)> _streamServers = [];
    private readonly NginxLevel.Lists _lists = new();
    private readonly Func<string, bool> _isLoaded = environment.IsLoaded;
    private NginxAccounts? _accounts;
    private bool _accountsRead;

    // The table's answer for a name in a context is the same all through one walk (one release, one set of modules): kept
    // by the name's reference (the names are the parse's shared strings), so that no name is hashed as text again for
    // each of a large tree's directives. A name that was not shared is looked up again, past a bound.
    private readonly Dictionary<(string Name, NginxContext Context), NginxLookup> _lookups = new(NameInContext.Instance);

    private NginxLookup Find(string name, NginxContext context)
    {
        if (_lookups.TryGetValue((name, context), out var lookup))
        {
            return lookup;
        }

        lookup = Table.Find(name, context, environment.Version, _isLoaded);
        if (_lookups.Count < 4096)
        {
            _lookups[(name, context)] = lookup;
        }

        return lookup;
    }

    private sealed class NameInContext : IEqualityComparer<(string Name, NginxContext Context)>
    {
        public static readonly NameInContext Instance = new();

        public bool Equals((string Name, NginxContext Context) x, (string Name, NginxContext Context) y) =>
            ReferenceEquals(x.Name, y.Name) && x.Context == y.Context;

        public int GetHashCode((string Name, NginxContext Context) obj) =>
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Name) * 31 + (int)obj.Context;
    }

    /// <summary>The file the walk started from (a <c>user</c> line in a file it includes at the main level is that
    /// main file's).</summary>
    private ConfigFile? _walked;

    private NginxAccounts? Accounts()
    {
        if (!_accountsRead)
        {
            _accounts = NginxAccounts.For(workspace);
            _accountsRead = true;
        }

        return _accounts;
    }

    /// <summary>From this many servers the listen check runs beside the other checks after the walk.</summary>
    private const int ListensApartFrom = 500;

    public void Run(ConfigFile file, NginxConfigFile root, NginxContext start)
    {
        _references.Blind = assumed;
        _walked = file;
        var level = new NginxLevel(start, null, null, file) { Unseen = assumed };
        Walk(root.DirectiveArray, file, level);
        if (start is NginxContext.Http or NginxContext.Main)
        {
            NginxBufferCheck.Check(level, findings);
        }

        // The listen check of a tree of thousands of servers is judged beside the checks after it (it only reads the walk's
        // levels, as they do), and its findings are put back where they stand in turn.
        var listenAt = findings.Items.Count;
        var listens = _servers.Count >= ListensApartFrom
            ? Task.Run(() =>
            {
                var part = Findings.Part();
                NginxListenCheck.Check(_servers, part);
                return part;
            })
            : null;
        if (listens is null)
        {
            NginxListenCheck.Check(_servers, findings);
        }

        NginxListenCheck.CheckStream(_streamServers, findings, environment.Version);
        CheckCertificateKeys();
        _variables.Check(findings, environment.ForeignModules || assumed);
        _streamVariables.Check(findings, environment.ForeignModules || assumed);
        foreach (var (streamServer, streamFile, _) in _streamServers.Where(s => !s.Level.Unseen && !s.Level.Children.Any(c => c.Directive.Name == "listen")))
        {
            findings.Error(streamFile, streamServer, "no \"listen\" is defined for server");
        }

        // ngx_stream_core_merge_srv_conf: a stream server's content handler is set by its own proxy_pass, return or pass
        // (nothing inherits it); without one nginx names the server's line. Another module may set one (stream Lua).
        foreach (var (streamServer, streamFile, _) in _streamServers.Where(s => !environment.ForeignModules && !assumed && !s.Level.MaySetUnseen()
                     && !s.Level.Children.Any(c => c.Directive.Name is "proxy_pass" or "return" or "pass")))
        {
            findings.Error(streamFile, streamServer, $"no handler for server in {streamFile.DaemonPath}:{streamServer.Position.Line}");
        }
        _references.Check();
        foreach (var (upstream, upstreamFile, upstreamLevel) in _upstreams)
        {
            if (!upstreamLevel.Unseen && !upstreamLevel.Children.Any(c => c.Directive.Name == "server"))
            {
                // ngx_http_upstream's check runs when the block is read: at its closing brace.
                findings.Error(upstreamFile, upstream.Block!.CloseBrace, "no servers are inside upstream");
            }
        }

        NginxUpstreams.Check(_upstreams, findings, _references.Blind, environment);
        if (listens is not null)
        {
            findings.InsertAt(listenAt, listens.GetAwaiter().GetResult());
        }
    }

    /// <summary><c>ngx_http_ssl_merge_srv_conf</c>: each certificate of a server (its own, else inherited) needs a key, and
    /// a server with a certificate gets an SSL context whose cipher list (<c>ssl_ciphers</c>, own or inherited) OpenSSL
    /// must take (<see cref="OpenSslCipherList"/>).</summary>
    private void CheckCertificateKeys()
    {
        // The certificates, the keys and the cipher list are inherited apart (each from the nearest level that sets any).
        // A server's own are read in one pass over its directives; an enclosing level's are read once, for all its
        // servers: the http level is shared by every server, and scanning it again for each of 10,000 servers took most
        // of a large tree's run.
        var enclosing = new Dictionary<NginxLevel, SslSettings>();
        HashSet<NginxDirective>? judgedCiphers = null;
        foreach (var (server, file, level) in _servers)
        {
            var (certificates, keys, ciphers) = Own(level);
            for (var parent = level.Parent; parent is not null && (certificates is null || keys is null || ciphers is null); parent = parent.Parent)
            {
                if (!enclosing.TryGetValue(parent, out var inherited))
                {
                    enclosing[parent] = inherited = Own(parent);
                }

                certificates ??= inherited.Certificates;
                keys ??= inherited.Keys;
                ciphers ??= inherited.Ciphers;
            }

            var certificateCount = certificates?.Count ?? 0;
            var keyCount = keys?.Count ?? 0;
            if (certificateCount > keyCount && !level.MaySetUnseen())
            {
                var (certificate, certificateFile) = certificates![keyCount];
                findings.Error(certificateFile, certificate, $"no \"ssl_certificate_key\" is defined for certificate \"{certificate.Args.FirstOrDefault()}\"");
            }

            if (certificateCount > 0 && ciphers is var (cipherList, cipherFile) && cipherList.Args.Count == 1 && (judgedCiphers ??= []).Add(cipherList)
                && OpenSslCipherList.MatchesNothing(cipherList.Args[0]) is { } why)
            {
                findings.Error(cipherFile, cipherList, $"SSL_CTX_set_cipher_list(\"{cipherList.Args[0]}\") failed (SSL: no cipher match): {why}");
            }
        }

        static SslSettings Own(NginxLevel level)
        {
            List<(NginxDirective, ConfigFile)>? certificates = null, keys = null;
            (NginxDirective, ConfigFile)? ciphers = null;
            foreach (var child in level.Children)
            {
                var name = child.Directive.Name;
                if (name == "ssl_certificate")
                {
                    (certificates ??= []).Add(child);
                }
                else if (name == "ssl_certificate_key")
                {
                    (keys ??= []).Add(child);
                }
                else if (name == "ssl_ciphers")
                {
                    ciphers = child;
                }
            }

            return new SslSettings(certificates, keys, ciphers);
        }
    }

    private readonly record struct SslSettings(List<(NginxDirective, ConfigFile)>? Certificates, List<(NginxDirective, ConfigFile)>? Keys, (NginxDirective Directive, ConfigFile File)? Ciphers);

    /// <summary>The directives a block's level will hold: its own and those of the files it includes itself (a location's
    /// <c>include fastcgi_params;</c>), so that its list is made once at its size.</summary>
    private int RoomFor(NginxBlock block) => block.DirectiveArray.Length + (IncludedRoom().TryGetValue(block, out var included) ? included : 0);

    private Dictionary<NginxBlock, int>? _includedRoom;

    /// <summary>For each block that holds includes, how many directives the files they name hold: read once from the
    /// workspace's include sites (a few thousand) rather than by looking at every directive of every block.</summary>
    private Dictionary<NginxBlock, int> IncludedRoom()
    {
        if (_includedRoom is { } known)
        {
            return known;
        }

        var room = new Dictionary<NginxBlock, int>(ReferenceEqualityComparer.Instance);
        foreach (var site in workspace.Includes)
        {
            if (site.ClosesCycle || site.Directive is not NginxDirective { HasBlock: false, ParentBlock: { } block })
            {
                continue;
            }

            var added = 0;
            foreach (var target in site.Targets)
            {
                if (target.Tree?.Root is NginxConfigFile included)
                {
                    added += included.DirectiveArray.Length;
                }
            }

            room[block] = room.GetValueOrDefault(block) + added;
        }

        return _includedRoom = room;
    }

    private void Walk(NginxDirective[] directives, ConfigFile file, NginxLevel level)
    {
        if (!_including.Add(file))
        {
            return;
        }

        // An included file's directives join the level's, made room for once (a block's level is made with room for the
        // files it includes itself, RoomFor: this grows only the main level and the levels of includes in included files).
        level.Children.EnsureCapacity(level.Children.Count + directives.Length);
        for (var i = 0; i < directives.Length; i++)
        {
            Judge(directives[i], file, level);
        }

        _including.Remove(file);
    }

    private void Judge(NginxDirective directive, ConfigFile file, NginxLevel level)
    {
        var name = directive.Name;
        level.Children.Add((directive, file));
        if (directive.NameToken.IsQuoted || name.Length == 0)
        {
            return;
        }

        if (name == "include" && directive.Arguments.Count == 1 && !directive.HasBlock)
        {
            // Upstreams, log formats and zones are defined at the http and stream levels only; variables (map, geo, set)
            // at any level.
            if (workspace.IncludeMayHideDefinitions(directive))
            {
                level.Unseen = true;
                _variables.Unknown();
                _streamVariables.Unknown();
                if (level.Context is NginxContext.Http or NginxContext.Stream)
                {
                    _references.Blind = true;
                }
            }

            if (workspace.IncludeAt(directive) is { ClosesCycle: false } site)
            {
                for (var i = 0; i < site.Targets.Count; i++)
                {
                    if (site.Targets[i].Tree?.Root is NginxConfigFile included)
                    {
                        Walk(included.DirectiveArray, site.Targets[i], level);
                    }
                }
            }

            return;
        }

        if (level.Context == NginxContext.None)
        {
            // A lone file whose context cannot be told: only names and shapes nginx refuses everywhere.
            JudgeShapeOnly(directive, file);
            return;
        }

        var lookup = Find(name, level.Context);
        switch (lookup.Status)
        {
            case NginxLookupStatus.Unknown:
                _variables.Unknown();
                _streamVariables.Unknown();
                ReportUnknown(directive, file, level.Context);
                return;
            case NginxLookupStatus.NotAllowedHere:
                if (!assumed || level.Parent is not null)
                {
                    findings.Error(file, directive, $"\"{name}\" directive is not allowed here");
                }

                return;
        }

        var info = lookup.Info!;
        if (!JudgeShape(directive, file, info))
        {
            return;
        }

        if (info.RefusesRepeat)
        {
            JudgeRepeat(directive, file, level);
        }

        NginxValueCheck.Check(directive, file, info, findings);
        if (NginxArgumentCheck.Problem(directive, info, level, environment.Version) is { } problem)
        {
            findings.Error(file, directive, problem);
        }
        else if (name is "map" or "geo" or "split_clients" && NginxBlockBodies.Header(directive) is { } header)
        {
            findings.Error(file, directive, header);
        }
        else if (name is "set" or "auth_request_set" or "perl_set"
            && NginxBlockBodies.SetTarget(directive, NginxVariableCheck.IsStream(level.Context)) is { } target)
        {
            findings.Error(file, directive, target);
        }
        else if (level.Context is NginxContext.Upstream or NginxContext.StreamUpstream
            && (name == "zone" ? NginxBlockBodies.UpstreamZone(directive.Args) : NginxBlockBodies.Balancer(name, directive.Args, environment.Version)) is { } upstreamProblem)
        {
            findings.Error(file, directive, upstreamProblem);
        }
        else if (NginxRegexCheck.Problem(directive) is { } regex)
        {
            findings.Error(file, regex.At, regex.Message);
        }
        else if (name == "user" && level.Context == NginxContext.Main && Accounts()?.Problem(directive, _walked!) is { } account)
        {
            findings.Error(file, directive, account);
        }

        if (name is "map" or "geo" or "split_clients")
        {
            NginxBlockBodies.Check(directive, file, findings);
        }

        _references.Record(directive, file, level.Context);
        (NginxVariableCheck.IsStream(level.Context) ? _streamVariables : _variables).Record(directive, file, level.Context);
        NginxFileCheck.Check(directive, file, workspace.FileSystem, findings, _filesJudged);
        NginxBufferCheck.Record(directive, info, level);
        if (directive.Block is { RawBody: null } block && !info.HasRawBody)
        {
            var inner = NginxContexts.Opened(name, level.Context);
            var released = inner is NginxContext.Location or NginxContext.LocationIf or NginxContext.ServerIf or NginxContext.LimitExcept;
            var room = inner == NginxContext.None ? 0 : RoomFor(block);
            var child = released ? NginxLevel.Lend(inner, level, directive, file, room, _lists) : new NginxLevel(inner, level, directive, file, room);
            if (inner is NginxContext.Server)
            {
                _servers.Add((directive, file, child));
            }
            else if (inner is NginxContext.StreamServer)
            {
                _streamServers.Add((directive, file, child));
            }
            else if (inner is NginxContext.Upstream or NginxContext.StreamUpstream)
            {
                _upstreams.Add((directive, file, child));
            }

            if (inner != NginxContext.None)
            {
                var inside = block.DirectiveArray;
                for (var i = 0; i < inside.Length; i++)
                {
                    Judge(inside[i], file, child);
                }

                // The checks after the walk read the directives of servers, upstreams and the levels around them, and of
                // a level that sets buffers; a location's are not read again once it is judged. Let them go: a large
                // tree's locations hold most of the walk's lists, alive beside the host model built at the same time.
                if (released && !child.SetsBuffers)
                {
                    child.ReleaseChildren();
                    child.LeaveParentIfUnread();
                }
            }
        }
    }

    /// <summary>Block against <c>;</c> and the argument count, as ngx_conf_handler checks them in that order.</summary>
    private bool JudgeShape(NginxDirective directive, ConfigFile file, NginxDirectiveInfo info)
    {
        var name = directive.Name;
        if (!info.IsBlock && directive.HasBlock)
        {
            findings.Error(file, directive, $"directive \"{name}\" is not terminated by \";\"");
            return false;
        }

        if (info.IsBlock && !directive.HasBlock)
        {
            findings.Error(file, directive, $"directive \"{name}\" has no opening \"{{\"");
            return false;
        }

        if (!info.Arguments.Accepts(directive.Arguments.Count))
        {
            findings.Error(file, directive, $"invalid number of arguments in \"{name}\" directive");
            return false;
        }

        return true;
    }

    private void JudgeShapeOnly(NginxDirective directive, ConfigFile file)
    {
        var candidates = Table.Named(directive.Name).Where(i => i.ExistsIn(environment.Version)).ToList();
        if (candidates.Count == 0)
        {
            ReportUnknown(directive, file, NginxContext.None);
            return;
        }

        // Only where every definition of the name agrees (one shape wherever it stands).
        if (candidates.All(i => !i.IsBlock) && directive.HasBlock)
        {
            findings.Error(file, directive, $"directive \"{directive.Name}\" is not terminated by \";\"");
        }
        else if (candidates.All(i => !i.Arguments.Accepts(directive.Arguments.Count)))
        {
            findings.Error(file, directive, $"invalid number of arguments in \"{directive.Name}\" directive");
        }
    }

    private void ReportUnknown(NginxDirective directive, ConfigFile file, NginxContext context)
    {
        var name = directive.Name;
        if (name.EndsWith("_by_lua_block", StringComparison.Ordinal) || name.Contains('$', StringComparison.Ordinal))
        {
            return;
        }

        // Any context: a misspelt proxy_pass in a server block is still a misspelt proxy_pass.
        var suggestion = Table.Suggest(name, (NginxContext)~0, environment.Version);
        var loadedElsewhere = Table.Named(name).FirstOrDefault(i => i.ExistsIn(environment.Version) && i.Load is not null && !environment.IsLoaded(i.Load));
        if (loadedElsewhere is not null && environment.KnowsAllModules)
        {
            findings.Error(file, directive, $"unknown directive \"{name}\" (its module {loadedElsewhere.Load} is not loaded: load_module modules/ngx_{loadedElsewhere.Load}_module.so)");
            return;
        }

        if (Table.Named(name).Count > 0)
        {
            // A directive of another release: known to nginx, not to the one judged. Say so only where the release is known.
            if (environment.VersionKnown && (environment.KnowsAllModules || (environment.StaticOnly && Table.Named(name).All(i => i.Load is null))))
            {
                findings.Error(file, directive, $"unknown directive \"{name}\" (not in nginx {environment.Version})");
            }

            return;
        }

        if (environment.KnowsAllModules || (suggestion is not null && !environment.ForeignModules))
        {
            findings.Error(file, directive, suggestion is null ? $"unknown directive \"{name}\"" : $"unknown directive \"{name}\" (did you mean \"{suggestion}\"?)");
        }
    }

    private void JudgeRepeat(NginxDirective directive, ConfigFile file, NginxLevel level)
    {
        var name = directive.Name;
        if (level.TryGetSet(NginxLevel.RepeatKey(name), out var earlier))
        {
            var message = earlier.Directive.Name == name
                ? $"\"{name}\" directive is duplicate"
                : $"\"{name}\" directive is duplicate, \"{earlier.Directive.Name}\" directive was specified earlier";
            findings.Error(file, directive, message, [Findings.Related(earlier.File, earlier.Directive, "set here first")]);
            return;
        }

        level.AddSet(directive);
    }
}
