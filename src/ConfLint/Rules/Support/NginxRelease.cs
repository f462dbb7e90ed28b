using ConfLint.Knowledge;
using ConfLint.Validation;

namespace ConfLint.Rules.Support;

/// <summary>The nginx release a rule judges: the one CL000 judges (<c>host.nginx-version</c> of .conflint.yml, else
/// the version of Debian's nginx package installed under the root, else the newest the tables know), and whether
/// the root says so or it is only assumed.</summary>
public static class NginxRelease
{
    public static (NginxVersion Version, bool Known) Of(RuleContext context)
    {
        var environment = NginxEnvironment.For(context.Workspace, context.Config, [], fromRealMain: false);
        return (environment.Version, environment.VersionKnown);
    }
}
