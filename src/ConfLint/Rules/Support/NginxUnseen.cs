using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// Where a setting nginx would apply to a level may stand in text ConfLint has not read: an <c>include</c> at that
/// level or around it whose files were not all read (outside the root, a folder the deployment fills), or the levels
/// assumed around a lone file (the <c>http</c> block of an nginx.conf that is not in the linted paths). A rule that
/// says a setting is absent needs neither.
/// </summary>
public static class NginxUnseen
{
    /// <summary>What may hide a setting for <paramref name="scope"/>, looking out from it up to <paramref name="stopAt"/>
    /// (included; the top when null), or null when every level that could set it was read.</summary>
    public static string? Hiding(ConfigWorkspace workspace, NginxScope scope, NginxScope? stopAt = null)
    {
        foreach (var level in scope.SelfAndAncestors())
        {
            foreach (var (directive, _) in level.Settings)
            {
                if (directive.Name == "include" && workspace.IncludeMayHideDefinitions(directive))
                {
                    return $"include {string.Join(' ', directive.Args)}";
                }
            }

            if (level.Directive is null && level.Context != NginxContext.Main)
            {
                return $"the {level.Context.Describe()} block around this file (its nginx.conf is not in the linted paths)";
            }

            if (level == stopAt)
            {
                break;
            }
        }

        return null;
    }
}
