using ConfLint.Syntax.PhpFpm;

namespace ConfLint.Knowledge;

/// <summary>A pool's process manager settings as php-fpm 8.2 holds them after reading its files: unset counts are 0,
/// <c>pm.max_spawn_rate</c> is 32 and <c>pm.process_idle_timeout</c> 10 seconds (fpm_worker_pool_config_alloc).</summary>
/// <param name="Pm">static, dynamic or ondemand in lower case; null when unset.</param>
public sealed record FpmPmValues(string? Pm, long MaxChildren, long StartServers, long MinSpareServers, long MaxSpareServers, long MaxSpawnRate, long ProcessIdleTimeout)
{
    /// <summary>The settings from a pool's values as the INI parser hands them over (<paramref name="get"/> answers null for
    /// an unset key); null when one of them holds a variable or a value php-fpm's parsers refuse (CL000 reports those).</summary>
    public static FpmPmValues? Read(Func<string, string?> get)
    {
        var pm = get("pm")?.ToLowerInvariant();
        if (pm is not (null or "static" or "dynamic" or "ondemand"))
        {
            return null;
        }

        long Count(string key, long fallback) => get(key) is { } text
            ? !text.Contains('$', StringComparison.Ordinal) && PhpFpmValues.TryParseInteger(text, out var n) ? Clamp(n) : long.MinValue
            : fallback;

        var idle = get("pm.process_idle_timeout") is { } idleText
            ? !idleText.Contains('$', StringComparison.Ordinal) && PhpFpmValues.TryParseTime(idleText, out var seconds) ? Clamp(seconds) : long.MinValue
            : FpmProcessManager.DefaultProcessIdleTimeout;
        var values = new FpmPmValues(pm, Count("pm.max_children", 0), Count("pm.start_servers", 0), Count("pm.min_spare_servers", 0),
            Count("pm.max_spare_servers", 0), Count("pm.max_spawn_rate", FpmProcessManager.DefaultMaxSpawnRate), idle);
        return new[] { values.MaxChildren, values.StartServers, values.MinSpareServers, values.MaxSpareServers, values.MaxSpawnRate, values.ProcessIdleTimeout }
            .Contains(long.MinValue) ? null : values;
    }

    /// <summary>php-fpm keeps each count in a C int.</summary>
    private static long Clamp(long value) => Math.Clamp(value, int.MinValue, int.MaxValue);
}
