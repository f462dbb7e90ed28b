using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Rules.Support;
using ConfLint.Host.PhpFpm;

namespace ConfLint.Rules;

/// <summary>
/// CL008's fix: <c>pm.max_children</c> set to the pool's share of the memory budget. For <c>pm = dynamic</c> the
/// spare-server settings follow (start 10%, min spare 5%, max spare 15% of max_children), so that PHP-FPM still
/// accepts the pool (fpm_conf.c: 1 &lt;= min_spare &lt;= start &lt;= max_spare &lt; max_children). Unsafe: the size
/// per child is an estimate.
/// </summary>
internal static class CL008UndersizedMaxChildrenFix
{
    public static Fix Create(FpmPool pool, long children)
    {
        var settings = new List<(string, string)> { ("pm.max_children", Text(children)) };
        if ((pool.Get("pm") ?? "dynamic").Trim() == "dynamic")
        {
            var minSpare = Math.Max(1, children / 20);
            var maxSpare = Math.Min(children - 1, Math.Max(minSpare + 1, children * 3 / 20));
            var start = Math.Clamp(children / 10, minSpare, maxSpare);
            settings.Add(("pm.start_servers", Text(start)));
            settings.Add(("pm.min_spare_servers", Text(minSpare)));
            settings.Add(("pm.max_spare_servers", Text(maxSpare)));
        }

        return new Fix($"Set pm.max_children = {children} in {pool.Describe()} (check the size per child first)", Applicability.Unsafe,
            PoolEdits.Set(pool, "pm.max_children", [.. settings]));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
