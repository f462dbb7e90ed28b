using ConfLint.Knowledge;
using ConfLint.Syntax.PhpFpm;

namespace ConfLint.Validation;

/// <summary>The checks of <c>fpm_conf_process_all_pools</c> for one pool, in FPM's words.</summary>
internal static class FpmPoolCheck
{
    public static void Check(FpmValidator.Pool pool, Dictionary<string, FpmValidator.Pool> listens, FpmHost host, string? eventsMechanism, Findings findings)
    {
        var name = pool.Name;
        void Fail(string message) => findings.Error(pool.File, pool.Section, $"[pool {name}] {message}");

        // Only a master running as root needs a user per pool and looks the accounts up (fpm_unix_conf_wp).
        if (host.RunsAsRoot)
        {
            if (!pool.Values.ContainsKey("user"))
            {
                Fail("user has not been defined");
                return;
            }

            if (pool.Get("user") is { Length: > 0 } user && !user.Contains('$', StringComparison.Ordinal) && host.LacksUser(user))
            {
                Fail($"cannot get uid for user '{user}'");
            }

            if (pool.Get("group") is { Length: > 0 } group && !group.Contains('$', StringComparison.Ordinal) && host.LacksGroup(group))
            {
                Fail($"cannot get gid for group '{group}'");
            }

            if (pool.Get("listen.owner") is { Length: > 0 } owner && !owner.Contains('$', StringComparison.Ordinal) && host.LacksUser(owner))
            {
                Fail($"cannot get uid for user '{owner}'");
            }

            if (pool.Get("listen.group") is { Length: > 0 } socketGroup && !socketGroup.Contains('$', StringComparison.Ordinal) && host.LacksGroup(socketGroup))
            {
                Fail($"cannot get gid for group '{socketGroup}'");
            }
        }

        var listen = pool.Get("listen");
        if (string.IsNullOrEmpty(listen))
        {
            Fail("no listen address have been defined!");
            return;
        }

        if (!listen.Contains('$', StringComparison.Ordinal))
        {
            if (listens.TryGetValue(listen, out var other))
            {
                Fail($"unable to set listen address as it's already used in another pool '{other.Name}'");
            }
            else
            {
                listens[listen] = pool;
            }
        }

        if (pool.Get("process.priority") is { } priority && PhpFpmValues.TryParseInteger(priority, out var nice) && nice != 64 && nice is < -19 or > 20)
        {
            Fail("process.priority must be included into [-19,20]");
        }

        // The process manager's arithmetic, shared with CL010 (which reports the same refusal with its fix).
        if (FpmPmValues.Read(pool.Get) is { } pm && FpmProcessManager.Refusal(pm, eventsMechanism) is { } refusal)
        {
            Fail(refusal.Message);
            return;
        }

        foreach (var (key, what) in new[] { ("pm.status_path", "status path"), ("ping.path", "ping path") })
        {
            if (pool.Get(key) is { Length: > 0 } path && !path.Contains('$', StringComparison.Ordinal) && path[0] != '/')
            {
                Fail($"the {what} '{path}' must start with a '/'");
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

    /// <summary><c>fpm_conf_set_time</c>: <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or seconds, as glibc's atoi reads the
    /// number, in a C int; 0 for a value it refuses (reported by the value check).</summary>
    private static long TimeSeconds(string value) => PhpFpmValues.TryParseTime(value, out var seconds) ? seconds : 0;
}
