using System.Globalization;

namespace ConfLint.Knowledge;

/// <summary>
/// The process manager's checks of <c>fpm_conf_process_all_pools</c> (php-src <c>sapi/fpm/fpm/fpm_conf.c</c>, PHP 8.2),
/// in their order, and the nearest values php-fpm accepts. One implementation for CL000 (what php-fpm refuses) and
/// CL010 (the same refusal with its fix). php-fpm stops at the first refusal and does not start.
/// </summary>
public static class FpmProcessManager
{
    /// <summary>php-fpm's <c>pm.max_spawn_rate</c> when unset.</summary>
    public const long DefaultMaxSpawnRate = 32;

    /// <summary>php-fpm's <c>pm.process_idle_timeout</c> when unset, in seconds.</summary>
    public const long DefaultProcessIdleTimeout = 10;

    /// <summary>The keys these checks read, in the order php-fpm's pool template writes them.</summary>
    public static readonly IReadOnlyList<string> Keys =
        ["pm", "pm.max_children", "pm.start_servers", "pm.min_spare_servers", "pm.max_spare_servers", "pm.max_spawn_rate", "pm.process_idle_timeout"];

    /// <summary>
    /// The first check php-fpm fails, or null when it accepts the settings. <paramref name="eventsMechanism"/> is the
    /// global <c>events.mechanism</c> (null when unset: php-fpm then takes epoll on Linux): <c>pm = ondemand</c> needs an
    /// edge-triggered one. Unset <c>pm.start_servers</c> (or 0 and below) is no refusal: php-fpm takes min_spare +
    /// (max_spare - min_spare) / 2 and says so in a notice.
    /// </summary>
    public static FpmPmRefusal? Refusal(FpmPmValues values, string? eventsMechanism = null)
    {
        if (values.Pm is null)
        {
            return new("pm", "the process manager is missing (static, dynamic or ondemand)");
        }

        if (values.MaxChildren < 1)
        {
            return new("pm.max_children", "pm.max_children must be a positive value");
        }

        var (max, start, min, spare) = (values.MaxChildren, values.StartServers, values.MinSpareServers, values.MaxSpareServers);
        if (values.Pm == "dynamic")
        {
            if (min <= 0)
            {
                return new("pm.min_spare_servers", $"pm.min_spare_servers({Text(min)}) must be a positive value");
            }

            if (spare <= 0)
            {
                return new("pm.max_spare_servers", $"pm.max_spare_servers({Text(spare)}) must be a positive value");
            }

            if (min > max || spare > max)
            {
                return new(min > max ? "pm.min_spare_servers" : "pm.max_spare_servers",
                    $"pm.min_spare_servers({Text(min)}) and pm.max_spare_servers({Text(spare)}) cannot be greater than pm.max_children({Text(max)})");
            }

            if (spare < min)
            {
                return new("pm.max_spare_servers", $"pm.max_spare_servers({Text(spare)}) must not be less than pm.min_spare_servers({Text(min)})");
            }

            if (start > 0 && (start < min || start > spare))
            {
                return new("pm.start_servers",
                    $"pm.start_servers({Text(start)}) must not be less than pm.min_spare_servers({Text(min)}) and not greater than pm.max_spare_servers({Text(spare)})");
            }

            if (values.MaxSpawnRate < 1)
            {
                return new("pm.max_spawn_rate", "pm.max_spawn_rate must be a positive value");
            }
        }
        else if (values.Pm == "ondemand")
        {
            if (!IsEdgeTriggered(eventsMechanism))
            {
                return new("pm", "ondemand process manager can ONLY be used when events.mechanism is either epoll (Linux) or kqueue (*BSD).");
            }

            if (values.ProcessIdleTimeout < 1)
            {
                return new("pm.process_idle_timeout", $"pm.process_idle_timeout({Text(values.ProcessIdleTimeout)}s) must be greater than 0s");
            }
        }

        return null;
    }

    /// <summary>Whether <c>events.mechanism</c> lets <c>pm = ondemand</c> run: unset (epoll on Linux), epoll or kqueue.</summary>
    public static bool IsEdgeTriggered(string? eventsMechanism) =>
        eventsMechanism is null || eventsMechanism.Trim().ToLowerInvariant() is "" or "epoll" or "kqueue";

    /// <summary>
    /// The nearest settings php-fpm accepts (the events mechanism aside): <c>pm.max_children</c> is kept (the capacity
    /// memory was sized for) unless it is unset or below 1, when it becomes <paramref name="maxChildren"/> or the largest
    /// spare count; each spare count is moved the least into its range in php-fpm's order (min_spare into [1,
    /// max_children], an unset max_spare to the start count, max_spare into [min_spare, max_children], a set start into
    /// [min_spare, max_spare]); a spawn rate or idle timeout below 1 takes php-fpm's default. An unset <c>pm</c> becomes
    /// <paramref name="pm"/>.
    /// </summary>
    public static FpmPmValues Nearest(FpmPmValues values, string pm, long maxChildren)
    {
        var manager = values.Pm ?? pm;
        var children = values.MaxChildren >= 1 ? values.MaxChildren
            : manager == "dynamic" ? Math.Max(maxChildren, Math.Max(values.MaxSpareServers, Math.Max(values.MinSpareServers, values.StartServers)))
            : maxChildren;
        var result = values with { Pm = manager, MaxChildren = children };
        if (manager == "dynamic")
        {
            var min = Math.Clamp(values.MinSpareServers, 1, children);
            var spare = values.MaxSpareServers <= 0 ? Math.Max(min, Math.Min(values.StartServers, children)) : Math.Clamp(values.MaxSpareServers, min, children);
            var start = values.StartServers <= 0 ? values.StartServers : Math.Clamp(values.StartServers, min, spare);
            result = result with
            {
                MinSpareServers = min,
                MaxSpareServers = spare,
                StartServers = start,
                MaxSpawnRate = values.MaxSpawnRate < 1 ? DefaultMaxSpawnRate : values.MaxSpawnRate,
            };
        }
        else if (manager == "ondemand" && values.ProcessIdleTimeout < 1)
        {
            result = result with { ProcessIdleTimeout = DefaultProcessIdleTimeout };
        }

        return result;
    }

    /// <summary>The keys whose values differ between two settings, in <see cref="Keys"/> order, with the new value as text.</summary>
    public static IReadOnlyList<(string Key, string Value)> Changes(FpmPmValues from, FpmPmValues to)
    {
        var changes = new List<(string, string)>();
        if (from.Pm != to.Pm && to.Pm is not null)
        {
            changes.Add(("pm", to.Pm));
        }

        void Add(string key, long a, long b, string suffix = "")
        {
            if (a != b)
            {
                changes.Add((key, Text(b) + suffix));
            }
        }

        Add("pm.max_children", from.MaxChildren, to.MaxChildren);
        Add("pm.start_servers", from.StartServers, to.StartServers);
        Add("pm.min_spare_servers", from.MinSpareServers, to.MinSpareServers);
        Add("pm.max_spare_servers", from.MaxSpareServers, to.MaxSpareServers);
        Add("pm.max_spawn_rate", from.MaxSpawnRate, to.MaxSpawnRate);
        Add("pm.process_idle_timeout", from.ProcessIdleTimeout, to.ProcessIdleTimeout, "s");
        return changes;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
