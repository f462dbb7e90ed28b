using ConfLint.Host;

namespace ConfLint.Linting;

/// <summary>
/// What a host's configuration let ConfLint judge at all, said in one line where a silent "no problems" would read as a
/// clean bill of health: a root in which no configuration of a known layout was found, or front ends whose back ends
/// have no configuration ConfLint reads (a PHP-FPM in an unknown place, an application run by a supervisor).
/// </summary>
public static class Coverage
{
    /// <summary>The rules that join proxies to back ends: the remark about missing back ends concerns them.</summary>
    private static readonly string[] JoiningRules = ["CL001", "CL003", "CL006", "CL007", "CL008"];

    /// <param name="ran">The codes that ran: a remark about rules that did not run is not made.</param>
    public static IEnumerable<string> Remarks(HostModel host, IReadOnlySet<string> ran)
    {
        var root = host.Workspace.Options.Root;
        if (root is not null && host.Workspace.Files.Count == 0)
        {
            yield return $"no nginx, Apache, PHP-FPM or systemd configuration found in the places ConfLint knows under {root}: nothing was checked";
            yield break;
        }

        if (host.FrontEnds.Count > 0 && host.BackEnds.Count == 0 && host.Workspace.ComposeProjects.Count == 0 && JoiningRules.Any(ran.Contains)
            && host.UnreadPrograms.Count(HostModel.MayServe) is > 0 and var count)
        {
            // Programs that may serve were found (a service's, supervisord's) and are not read as servers: the configuration
            // is there, and said so (not "no back-end configuration").
            yield return $"{host.FrontEnds.Count} proxy {(host.FrontEnds.Count == 1 ? "directive" : "directives")}, and no back end ConfLint reads as a server: " +
                         $"{count} {(count == 1 ? "program" : "programs")} run by services or supervisord {(count == 1 ? "is" : "are")} not read (--verbose says why where ConfLint knows), so the rules that join proxies to back ends ({string.Join(", ", JoiningRules.Where(ran.Contains))}) judged no back end" + UnfollowedClause(host);
        }
        else if (host.FrontEnds.Count > 0 && host.BackEnds.Count == 0 && host.Workspace.ComposeProjects.Count == 0 && JoiningRules.Any(ran.Contains)
                 && host.Workspace.LeftoverFpmConfigs.Count is > 0 and var leftovers)
        {
            // PHP-FPM configuration that nothing runs (a removed package's, a masked service's) was found: the rules judged
            // the targets its pools name, against nothing that runs.
            yield return $"{host.FrontEnds.Count} proxy {(host.FrontEnds.Count == 1 ? "directive" : "directives")}, and no back end ConfLint reads runs: " +
                         $"the {leftovers} PHP-FPM {(leftovers == 1 ? "configuration" : "configurations")} found {(leftovers == 1 ? "is" : "are")} not run (--verbose says why), so the rules that join proxies to back ends ({string.Join(", ", JoiningRules.Where(ran.Contains))}) judged no running back end" + UnfollowedClause(host);
        }
        else if (host.FrontEnds.Count > 0 && host.BackEnds.Count == 0 && host.Workspace.ComposeProjects.Count == 0 && JoiningRules.Any(ran.Contains))
        {
            yield return $"{host.FrontEnds.Count} proxy {(host.FrontEnds.Count == 1 ? "directive" : "directives")}, but no back-end configuration ConfLint reads " +
                         $"(PHP-FPM pools, systemd services of PHP-FPM, gunicorn, uwsgi, puma, unicorn, uvicorn or node, socket units): the rules that join proxies to back ends ({string.Join(", ", JoiningRules.Where(ran.Contains))}) had nothing to judge" + UnfollowedClause(host);
        }
    }

    /// <summary>How many services run a script ConfLint did not follow to a server, said beside either note.</summary>
    private static string UnfollowedClause(HostModel host) =>
        host.UnfollowedScripts.Count == 0 ? string.Empty
            : $" ({host.UnfollowedScripts.Count} {(host.UnfollowedScripts.Count == 1 ? "service runs a script" : "services run scripts")} ConfLint did not follow to a server; --verbose says which)";
}
