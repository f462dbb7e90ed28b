using ConfLint.Diagnostics;
using ConfLint.Knowledge;
using ConfLint.Syntax.PhpFpm;

namespace ConfLint.Validation;

/// <summary>The checks of <c>fpm_conf_process_all_pools</c> for one pool, in FPM's words.</summary>
internal static class FpmPoolCheck
{
    /// <summary>What a status or ping path may hold (isalnum in the C locale, and /_-.~).</summary>
    private static readonly System.Buffers.SearchValues<char> PathCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-.~");

    /// <param name="elsewhere">The pool's file is read on its own and php-fpm may complete its pools from files ConfLint did
    /// not read (<see cref="Host.PhpFpm.FpmPoolFiles.MayBeCompletedElsewhere"/>): a setting it lacks is not judged missing.</param>
    public static void Check(FpmValidator.Pool pool, Dictionary<string, FpmValidator.Pool> listens, FpmHost host, string? eventsMechanism, Findings findings, bool elsewhere = false)
    {
        var name = pool.Name;
        void Fail(string message) => findings.Error(pool.File, pool.Section, $"[pool {name}] {message}");
        bool Unseen(string key)
        {
            if (!elsewhere || pool.Values.ContainsKey(key))
            {
                return false;
            }

            findings.Note($"CL000: {pool.File.DisplayPath}: pool '{name}' sets no {key}, but the file is read on its own and php-fpm merges a pool's sections across the files its php-fpm.conf includes: not judged");
            return true;
        }

        // fpm_unix_conf_wp and fpm_unix_resolve_socket_premissions look each name up with getpwnam/getgrnam, through NSS:
        // a name the root's files lack is missing only where nothing else NSS consults there may hold it. The message names
        // the pool, not the line: the finding stands on the entry that names the account (the last one, as php-fpm keeps).
        void Account(string key, string account, string what, bool lacks, string? unknown)
        {
            if (lacks)
            {
                var (entry, file) = pool.Values[key];
                findings.Error(file, entry, $"[pool {name}] cannot get {what} '{account}'");
            }
            else if (unknown is not null)
            {
                findings.Note($"CL000: {pool.File.DisplayPath}: pool '{name}' names {what.Split(' ')[^1]} '{account}', not judged: {unknown}");
            }
        }

        // Only a master running as root needs a user per pool and looks the accounts up (fpm_unix_conf_wp).
        if (host.RunsAsRoot)
        {
            if (!pool.Values.ContainsKey("user"))
            {
                if (!Unseen("user"))
                {
                    Fail("user has not been defined");
                    return;
                }
            }
            else if (pool.Get("user") is { Length: > 0 } user && !user.Contains('$', StringComparison.Ordinal))
            {
                Account("user", user, "uid for user", host.LacksUser(user), host.UnknownUser(user));
            }

            if (pool.Get("group") is { Length: > 0 } group && !group.Contains('$', StringComparison.Ordinal))
            {
                Account("group", group, "gid for group", host.LacksGroup(group), host.UnknownGroup(group));
            }

            if (pool.Get("listen.owner") is { Length: > 0 } owner && !owner.Contains('$', StringComparison.Ordinal))
            {
                Account("listen.owner", owner, "uid for user", host.LacksUser(owner), host.UnknownUser(owner));
            }

            if (pool.Get("listen.group") is { Length: > 0 } socketGroup && !socketGroup.Contains('$', StringComparison.Ordinal))
            {
                Account("listen.group", socketGroup, "gid for group", host.LacksGroup(socketGroup), host.UnknownGroup(socketGroup));
            }
        }

        // fpm_sockets_init_main resolves the permissions of each pool's Unix socket as the master starts, root or not
        // (fpm_unix_resolve_socket_permissions; php-fpm -t does not): each ACL name is looked up there, in the root's accounts.
        if (pool.Address("listen", host.GlobalPrefix) is { } socket && PhpFpmPaths.IsUnixAddress(socket))
        {
            AclNames(pool, "listen.acl_users", "uid for user", host.Users, findings);
            AclNames(pool, "listen.acl_groups", "gid for group", host.Groups, findings);
        }

        if (pool.Get("access.log") is { } accessLog && FpmGlobalCheck.IsNoDescriptor(accessLog))
        {
            // fpm_log_open opens each pool's access log with O_CREAT when the master starts.
            var (entry, file) = pool.Values["access.log"];
            findings.Error(file, entry, $"failed to open access log ({accessLog}): No such file or directory (2)");
        }

        var listen = pool.Get("listen");
        if (string.IsNullOrEmpty(listen))
        {
            if (!Unseen("listen"))
            {
                Fail("no listen address have been defined!");
                return;
            }
        }
        else if (pool.Address("listen", host.GlobalPrefix) is { } address)
        {
            // fpm_conf_process_all_pools compares the addresses once each relative socket is taken from its prefix, with
            // strcmp; the message names no line: the later pool's listen is the one to change.
            if (listens.TryGetValue(address, out var other))
            {
                var (entry, file) = pool.Values["listen"];
                findings.Error(file, entry, $"[pool {name}] unable to set listen address as it's already used in another pool '{other.Name}'");
            }
            else
            {
                listens[address] = pool;
            }
        }

        if (pool.Get("process.priority") is { } priority && PhpFpmValues.TryParseInteger(priority, out var nice) && nice != 64 && nice is < -19 or > 20)
        {
            Fail("process.priority must be included into [-19,20]");
        }

        // The process manager's arithmetic, shared with CL010 (which reports the same refusal with its fix).
        if (FpmPmValues.Read(pool.Get) is { } pm && FpmProcessManager.Refusal(pm, eventsMechanism) is { } refusal)
        {
            if (!Unseen(refusal.Key))
            {
                Fail(refusal.Message);
            }

            return;
        }

        foreach (var (key, what) in new[] { ("pm.status_path", "status path"), ("ping.path", "ping path") })
        {
            // fpm_conf_process_all_pools: a leading '/', two characters at least, and only [alphanum]/_-.~
            if (pool.Get(key) is not { Length: > 0 } path || path.Contains('$', StringComparison.Ordinal))
            {
                continue;
            }

            if (path[0] != '/')
            {
                Fail($"the {what} '{path}' must start with a '/'");
            }
            else if (path.Length < 2)
            {
                Fail($"the {what} '{path}' is not long enough");
            }
            else if (path.AsSpan().ContainsAnyExcept(PathCharacters))
            {
                Fail($"the {what} '{path}' must contain only the following characters '[alphanum]/_-.~'");
            }
        }

        var slowlog = !string.IsNullOrEmpty(pool.Get("slowlog"));
        if (pool.Get("request_slowlog_timeout") is { } slow && TimeSeconds(slow) != 0)
        {
            if (!slowlog)
            {
                Fail("'slowlog' must be specified for use with 'request_slowlog_timeout'");
            }
            else if (pool.Get("request_terminate_timeout") is { } terminate && TimeSeconds(terminate) is not 0 and var limit && TimeSeconds(slow) > limit)
            {
                Fail($"'request_slowlog_timeout' ({TimeSeconds(slow)}) can't be greater than 'request_terminate_timeout' ({limit})");
            }
        }

        // Any depth but 0 (which means the default, 20) needs a slow log, and must then be positive.
        if (pool.Get("request_slowlog_trace_depth") is { } depthText && PhpFpmValues.TryParseInteger(depthText, out var depth) && depth != 0)
        {
            if (!slowlog)
            {
                Fail("'slowlog' must be specified for use with 'request_slowlog_trace_depth'");
            }
            else if (depth < 0)
            {
                Fail($"'request_slowlog_trace_depth' ({depth}) must be a positive value");
            }
        }
    }

    /// <summary>
    /// The names of <c>listen.acl_users</c> (<c>listen.acl_groups</c>) as fpm_unix_resolve_socket_permissions (fpm_unix.c)
    /// reads them when the master creates the pool's socket: the value cut at each comma and nothing trimmed
    /// (<c>www-data, nginx</c> names ' nginx', a trailing comma names ''), each looked up with getpwnam (getgrnam), which
    /// takes no number for an id. A name no account has stops the master (a warning: php-fpm -t, whose refusals are CL000's errors, accepts it): "[pool app] cannot get uid for user 'www_data'",
    /// "FPM initialization failed", and every pool of it is down, though <c>php-fpm -t</c> passed. Judged only where the
    /// root's accounts are all NSS answers from (<see cref="FpmHost.Accounts"/>); a name a source ConfLint cannot read may
    /// hold is left to --verbose. The fix puts in the name's place the one account one edit away (the typo's account), or
    /// removes the name where that account is in the list already (a second entry of one account makes acl_valid refuse
    /// the ACL: "failed to write the ACL of the socket"); it changes who may connect, so it is for review (unsafe); without
    /// exactly one such account it is advice.
    /// </summary>
    private static void AclNames(FpmValidator.Pool pool, string key, string what, FpmHost.Accounts? accounts, Findings findings)
    {
        if (accounts is null || !pool.Values.TryGetValue(key, out var set) || pool.Get(key) is not { Length: > 0 } value || value.Contains('$', StringComparison.Ordinal))
        {
            return;
        }

        var names = value.Split(',');
        var kind = what.Split(' ')[^1];
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (accounts.Unknown(name, byName: true) is { } unknown)
            {
                findings.Note($"CL000: {set.File.DisplayPath}: pool '{pool.Name}' names {kind} '{name}' in {key}, not judged: {unknown}");
                continue;
            }

            if (!accounts.Lacks(name, byName: true))
            {
                continue;
            }

            var related = new[]
            {
                Findings.Related(pool.File, pool.Section, $"php-fpm -t passes, but the master looks the ACL names up when it creates this pool's socket at start, and exits ('FPM initialization failed'): every pool of it is down (a front end connecting to their sockets gets 2: No such file or directory, a 502)"),
            };
            // A warning, not an error: CL000's errors are what the daemon's own check refuses, and php-fpm -t accepts this.
            findings.Warning(set.File, set.Entry, $"[pool {pool.Name}] cannot get {what} '{name}'", related, AclFix(pool, key, kind, names, i, accounts, set));
        }
    }

    /// <summary>The fix of an ACL name no account has: see <see cref="AclNames"/>.</summary>
    private static Fix AclFix(FpmValidator.Pool pool, string key, string kind, string[] names, int index, FpmHost.Accounts accounts, (PhpFpmEntry Entry, Workspace.ConfigFile File) set)
    {
        var name = names[index];
        var near = accounts.OneEditFrom(name);
        if (near.Count != 1 || set.Entry.ValueToken is not { } token)
        {
            var choices = near.Count > 1 ? $" ({string.Join(", ", near.Select(n => $"'{n}'"))} are one edit away)" : string.Empty;
            return new Fix($"Name an account of {accounts.Files} in place of '{name}' in {key} of pool '{pool.Name}'{choices}, create the {kind}, or remove the name", Applicability.DisplayOnly, []);
        }

        var meant = near[0];
        var kept = new List<string>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            if (i != index)
            {
                kept.Add(names[i]);
            }
            else if (!names.Contains(meant))
            {
                kept.Add(meant);
            }
        }

        var title = names.Contains(meant)
            ? $"Remove '{name}' from {key} of pool '{pool.Name}': '{meant}', the one {kind} of {accounts.Files} one edit away, is in the list already"
            : $"Replace '{name}' with '{meant}' in {key} of pool '{pool.Name}': the one {kind} of {accounts.Files} one edit away";
        var edit = new FileEdit(set.File.Id, new Text.TextEdit(token.Span, PhpFpmText.Quote(string.Join(',', kept))));
        return new Fix(title, Applicability.Unsafe, [edit]);
    }

    /// <summary><c>fpm_conf_set_time</c>: <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or seconds, as glibc's atoi reads the
    /// number, in a C int; 0 for a value it refuses (reported by the value check).</summary>
    private static long TimeSeconds(string value) => PhpFpmValues.TryParseTime(value, out var seconds) ? seconds : 0;
}
