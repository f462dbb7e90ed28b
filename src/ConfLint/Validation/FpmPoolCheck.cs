namespace ConfLint.Validation;

/// <summary>The checks of <c>fpm_conf_process_all_pools</c> for one pool, in FPM's words.</summary>
internal static class FpmPoolCheck
{
    public static void Check(FpmValidator.Pool pool, Dictionary<string, FpmValidator.Pool> listens, FpmHost host, Findings findings)
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

        if (pool.Get("process.priority") is { } priority && int.TryParse(priority, out var nice) && nice != 64 && nice is < -19 or > 20)
        {
            Fail("process.priority must be included into [-19,20]");
        }

        var pm = pool.Get("pm")?.ToLowerInvariant();
        if (pm is not ("static" or "dynamic" or "ondemand"))
        {
            Fail("the process manager is missing (static, dynamic or ondemand)");
            return;
        }

        var max = pool.Int("pm.max_children");
        if (max < 1)
        {
            Fail("pm.max_children must be a positive value");
            return;
        }

        if (pm == "dynamic")
        {
            int min = pool.Int("pm.min_spare_servers"), maxSpare = pool.Int("pm.max_spare_servers"), start = pool.Int("pm.start_servers");
            if (min <= 0)
            {
                Fail($"pm.min_spare_servers({min}) must be a positive value");
            }
            else if (maxSpare <= 0)
            {
                Fail($"pm.max_spare_servers({maxSpare}) must be a positive value");
            }
            else if (min > max || maxSpare > max)
            {
                Fail($"pm.min_spare_servers({min}) and pm.max_spare_servers({maxSpare}) cannot be greater than pm.max_children({max})");
            }
            else if (maxSpare < min)
            {
                Fail($"pm.max_spare_servers({maxSpare}) must not be less than pm.min_spare_servers({min})");
            }
            else if (start > 0 && (start < min || start > maxSpare))
            {
                Fail($"pm.start_servers({start}) must not be less than pm.min_spare_servers({min}) and not greater than pm.max_spare_servers({maxSpare})");
            }
        }

        if (pm == "ondemand" && pool.Get("pm.process_idle_timeout") is { } idle && TimeSeconds(idle) is <= 0)
        {
            Fail($"pm.process_idle_timeout({TimeSeconds(idle)}s) must be greater than 0s");
        }

        foreach (var (key, what) in new[] { ("pm.status_path", "status path"), ("ping.path", "ping path") })
        {
            if (pool.Get(key) is { Length: > 0 } path && !path.Contains('$', StringComparison.Ordinal) && path[0] != '/')
            {
                Fail($"the {what} '{path}' must start with a '/'");
            }
        }

        if (pool.Get("request_slowlog_timeout") is { } slow && TimeSeconds(slow) > 0)
        {
            if (string.IsNullOrEmpty(pool.Get("slowlog")))
            {
                Fail("'slowlog' must be specified for use with 'request_slowlog_timeout'");
            }
            else if (pool.Get("request_terminate_timeout") is { } terminate && TimeSeconds(terminate) is > 0 and var limit && TimeSeconds(slow) > limit)
            {
                Fail($"'request_slowlog_timeout' ({TimeSeconds(slow)}) can't be greater than 'request_terminate_timeout' ({limit})");
            }
        }
    }

    /// <summary><c>fpm_conf_set_time</c>: <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or seconds, as atoi reads the number.</summary>
    private static int TimeSeconds(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var scale = value[^1] switch { 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 1 };
        var digits = value[^1] is 'm' or 'h' or 'd' or 's' ? value[..^1] : value;
        var sign = digits.StartsWith('-') ? -1 : 1;
        var number = new string(digits.TrimStart('-').TakeWhile(char.IsAsciiDigit).ToArray());
        return number.Length == 0 ? 0 : sign * (int)Math.Min(int.MaxValue, long.Parse(number, System.Globalization.CultureInfo.InvariantCulture)) * scale;
    }
}
