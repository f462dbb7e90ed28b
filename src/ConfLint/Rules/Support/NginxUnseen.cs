using ConfLint.Diagnostics;
using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// Where a setting nginx would apply to a level may stand in text ConfLint has not read: an <c>include</c> at that
/// level or around it whose files were not all read (outside the root, a folder the deployment fills), or the levels
/// assumed around a lone file (the <c>http</c> block of an nginx.conf that is not in the linted paths). A rule that
/// says a setting is absent needs neither: behind an include it stays silent, and for a lone file it says <c>info</c>
/// with its fix shown only (a setting added at an inner level would replace what the http block may hold).
/// </summary>
public static class NginxUnseen
{
    /// <summary>An include that may hide a setting for <paramref name="scope"/>, looking out from it up to
    /// <paramref name="stopAt"/> (included; the top when null), or null when every include there was read.</summary>
    public static string? Include(ConfigWorkspace workspace, NginxScope scope, NginxScope? stopAt = null)
    {
        foreach (var level in Levels(scope, stopAt))
        {
            // What an include at the main level brings stands at the main level: a setting of a block inside http
            // cannot come from there (nor a second http block, which nginx refuses), e.g. Debian's
            // `include /etc/nginx/modules-enabled/*.conf` of a folder that is absent or empty.
            if (level.Context == NginxContext.Main && level != scope)
            {
                continue;
            }

            foreach (var (directive, _) in level.Settings)
            {
                if (directive.Name == "include" && (workspace.IncludeMayHideDefinitions(directive) || (workspace.IncludeAt(directive) is { Required: true, Targets.Count: 0 } missing && !RootedFileSystem.HasWildcard(missing.Pattern))))
                {
                    return $"include {string.Join(' ', directive.Args)}";
                }
            }
        }

        return null;
    }

    /// <summary>The level assumed around a lone file that stands between <paramref name="scope"/> and
    /// <paramref name="stopAt"/>, described, or null.</summary>
    public static string? AssumedLevel(NginxScope scope, NginxScope? stopAt = null) =>
        Levels(scope, stopAt).FirstOrDefault(l => l.Directive is null && l.Context != NginxContext.Main) is { } assumed
            ? $"the {assumed.Context.Describe()} block around this file (its nginx.conf is not in the linted paths)"
            : null;

    /// <summary>A finding about a setting the http block around a lone file may hold: info, its fix shown only.</summary>
    /// <param name="advice">What to do, where the rule made no fix (an edit that could not be complete).</param>
    public static Diagnostic Weighed(Diagnostic diagnostic, string assumed, string? advice = null) => diagnostic with
    {
        Severity = Severity.Info,
        Message = diagnostic.Message + $" (unless {assumed} sets it)",
        Fix = (diagnostic.Fix?.Title ?? advice) is { } title ? new Fix(title, Applicability.DisplayOnly, []) : null,
    };

    private static IEnumerable<NginxScope> Levels(NginxScope scope, NginxScope? stopAt)
    {
        foreach (var level in scope.SelfAndAncestors())
        {
            yield return level;
            if (level == stopAt)
            {
                yield break;
            }
        }
    }
}
