using ConfLint.Catalog;
using ConfLint.Diagnostics;
using ConfLint.Syntax;

namespace ConfLint.Rules;

/// <summary>
/// A check of the host model and its fix, in one file named after its code (<c>CL003FpmSocketPermissions.cs</c>);
/// its documentation and defaults are in <c>rules/CL003-fpm-socket-permissions.yaml</c>, nowhere else.
/// </summary>
public abstract class Rule
{
    public abstract string Code { get; }

    public RuleMetadata Metadata => RuleCatalog.Get(Code);

    public abstract IEnumerable<Diagnostic> Check(RuleContext context);

    protected Diagnostic Report(Location location, string message, IReadOnlyList<RelatedLocation>? related = null, Fix? fix = null) =>
        Metadata.Report(location, message) with
        {
            Related = related ?? [],
            Fix = fix,
        };

    protected static RelatedLocation Related(Location location, string message) => new(location, message);

    protected static RelatedLocation Related(SyntaxNode node, string message) => Related(node.Location, message);
}
