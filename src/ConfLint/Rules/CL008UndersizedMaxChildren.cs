using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Host.PhpFpm;
using ConfLint.Rules.Support;
using ConfLint.Units;

namespace ConfLint.Rules;

public sealed class CL008UndersizedMaxChildren : Rule<CL008UndersizedMaxChildren.Options>
{
    /// <param name="ProcessSize">The least memory one child is taken to use, whatever its memory_limit.</param>
    /// <param name="Reserve">The host memory kept for everything else.</param>
    /// <param name="Ratio">How many times below what memory allows a pool must be to be reported.</param>
    public sealed record Options(ByteSize ProcessSize, ByteSize Reserve, int Ratio);

    public override string Code => "CL008";

    protected override Options ReadOptions(RuleOptions options) =>
        new(options.Size("process-size"), options.Size("reserve"), options.Integer("ratio"));

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var host = context.Host;
        var pools = host.BackEndsOf<FpmPool>().ToList();
        foreach (var pool in pools)
        {
            if (pool.Entry("pm.max_children") is not var (entry, _) || pool.Integer("pm.max_children") is not { } children || children <= 0)
            {
                continue;
            }

            if (FpmNeverStarts.Skips(context, pool, Code))
            {
                continue;
            }

            // A pool no front end of the host reaches gets no requests to queue (with no front end at all, its proxy is
            // elsewhere); one reached only by Apache's server-wide handler serves what no virtual host claims.
            if (host.FrontEnds.Count > 0 && host.ReachedBy(pool).Count == 0)
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL008 did not judge {pool.Describe()}: no front end of this host reaches it");
                continue;
            }

            if (host.ReachedBy(pool).Count > 0 && host.ReachedBy(pool).All(f => FrontEndSurroundings.IsServerWideFallback(host, f)))
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL008 did not judge {pool.Describe()}: only Apache's server-wide handler reaches it, for requests no virtual host claims");
                continue;
            }

            var (memory, source) = host.MemoryFor(pool);
            if (memory is null)
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL008 did not judge {pool.Describe()}: the host's memory is unknown (set host.memory in .conflint.yml, or lint a live server with --root /)");
                continue;
            }

            var budget = new FpmMemoryBudget(options.ProcessSize, options.Reserve);
            if (budget.PerChild(pool) is not var (perChild, limitSource))
            {
                context.Notes.Add($"{pool.File.DisplayPath}: CL008 did not judge {pool.Describe()}: its memory_limit is {(pool.MemoryUnlimited ? "unlimited (-1)" : "unknown (no php.ini of a known layout)")}, so the memory one child may take is not known");
                continue;
            }

            // The pool's room: what its processes may use, less the reserve (a service's MemoryMax= is its own budget),
            // less the worst case of every other pool that shares it.
            var serviceLimited = FpmMemoryBudget.IsServiceLimit(source);
            var others = pools.Where(p => p != pool && host.MemoryFor(p).Source == source).Sum(budget.WorstCase);
            var room = budget.Room(memory.Value, source) - others;
            var allowed = room / perChild.Bytes;
            if (allowed <= 0 || children * options.Ratio >= allowed)
            {
                continue;
            }

            var sharing = others > 0 ? $", less the other pools' worst case ({new ByteSize(others)})" : string.Empty;
            var reserve = serviceLimited ? string.Empty : $" less {options.Reserve} reserved";
            var tenantCap = TenantCap(host, pools, pool);
            var beside = serviceLimited ? null : OtherServices(host);
            var diagnostic = Report(entry.ValueToken!.Value.Location,
                $"pm.max_children = {children} in {pool.Describe()}: at {perChild} per child ({limitSource}), {source}{reserve}{sharing} allows {Text(allowed)} children; " +
                $"at {children}, requests queue ('server reached pm.max_children') and time out with 502/504" +
                (beside is null ? " while memory sits idle" : $"; but the host also runs {beside}, whose memory is not counted, so the idle memory is not known") +
                tenantCap switch
                {
                    TenantPools.PerUser => "; the host runs a pool per user (a hosting panel's per-site pools), where a small pm.max_children is how one site is kept from starving the others",
                    TenantPools.OwnUser => $"; it runs as a user of its own{(pool.User is { } user ? $" ('{user}')" : string.Empty)} beside another pool that a front end reaches, so its small pm.max_children may be a share of the host set on purpose",
                    _ => string.Empty,
                },
                fix: CreateFix(pool, allowed, perChild));
            yield return tenantCap != TenantPools.None || beside is not null ? diagnostic with { Severity = Severity.Info } : diagnostic;
        }
    }

    /// <summary>The other programs the host runs beside PHP-FPM and the web servers, said (the first two and how many more):
    /// application servers, services ConfLint does not read (a Java application, a database), scripts it did not follow.
    /// Their memory is not counted, so what the host has to spare is not known. Null when the root shows none.</summary>
    private static string? OtherServices(Host.HostModel host)
    {
        var names = new List<string>();
        foreach (var backEnd in host.BackEnds)
        {
            if (backEnd is not FpmPool && host.ServiceOf(backEnd) is not { IsPhpFpm: true } && !names.Contains(backEnd.Describe()))
            {
                names.Add(backEnd.Describe());
            }
        }

        names.AddRange(host.UnreadPrograms.Where(p => !Host.UnreadProgramFiles.IsInfrastructure(p.Words)).Select(p => p.Who).Distinct(StringComparer.Ordinal));
        var scripts = host.UnfollowedScripts.Count;
        if (names.Count == 0 && scripts == 0)
        {
            return null;
        }

        var said = string.Join(", ", names.Take(2));
        var more = names.Count - Math.Min(2, names.Count) + scripts;
        return said.Length == 0 ? $"{scripts} service{(scripts == 1 ? string.Empty : "s")} running a script ConfLint did not follow"
            : more > 0 ? $"{said} and {more} more" : said;
    }

    /// <summary>Whether the pool is one of several that front ends reach, running as a user no other of them runs as: the
    /// small cap may be a share of the host, set on purpose, and nothing proves a site needs more: info. A pool per user (a
    /// hosting panel's per-site pools: Plesk, Virtualmin, ISPConfig, HestiaCP) is said only where three or more reached
    /// pools each run as a user of their own; two pools of two users are as often one site beside the stock pool.</summary>
    private static TenantPools TenantCap(Host.HostModel host, IEnumerable<FpmPool> pools, FpmPool pool)
    {
        var users = pools.Where(p => host.ReachedBy(p).Count > 0).Select(p => p.User ?? string.Empty).ToList();
        var distinct = users.Distinct(StringComparer.Ordinal).Count();
        return distinct < 2 || users.Count(u => u == (pool.User ?? string.Empty)) != 1 ? TenantPools.None
            : distinct >= 3 && distinct == users.Count ? TenantPools.PerUser
            : TenantPools.OwnUser;
    }

    private enum TenantPools
    {
        None,
        OwnUser,
        PerUser,
    }

    /// <summary><c>pm.max_children</c> set to what the pool's room allows (so children x memory_limit stays within the host's
    /// memory, or the service's MemoryMax=); for <c>pm = dynamic</c> the spare-server settings follow (start 10%, min spare 5%,
    /// max spare 15% of max_children) so that PHP-FPM still accepts the pool (fpm_conf.c: 1 &lt;= min_spare &lt;= start &lt;=
    /// max_spare &lt; max_children). Unsafe: a child's real size is usually below its memory_limit, and the host may run more
    /// than PHP.</summary>
    private static Fix CreateFix(FpmPool pool, long children, ByteSize perChild)
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

        return new Fix($"Set pm.max_children = {children} in {pool.Describe()} ({new ByteSize(children * perChild.Bytes)} at {perChild} each; check the real size per child first)", Applicability.Unsafe,
            PoolEdits.Set(pool, "pm.max_children", [.. settings]));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
