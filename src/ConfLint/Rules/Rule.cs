using ConfLint.Catalog;
using ConfLint.Diagnostics;
using ConfLint.Fixes;
using ConfLint.Syntax;
using ConfLint.Text;

namespace ConfLint.Rules;

/// <summary>
/// A check of the host model. One class per rule, named after its code (<c>CL003FpmSocketPermissions</c>),
/// with its documentation and defaults in <c>rules/CL003-fpm-socket-permissions.yaml</c>.
/// </summary>
public abstract class Rule
{
    public abstract string Code { get; }

    public RuleMetadata Metadata => RuleCatalog.Get(Code);

    public abstract IEnumerable<Diagnostic> Check(RuleContext context);

    protected Diagnostic Report(SourceLocation location, string message, IReadOnlyList<RelatedLocation>? related = null, Fix? fix = null) =>
        new(Code, Metadata.Slug, Metadata.DefaultSeverity, DiagnosticLocation.From(location), message)
        {
            Related = related ?? [],
            Fix = fix,
        };

    protected static RelatedLocation Related(SourceLocation location, string message) => new(DiagnosticLocation.From(location), message);

    protected static RelatedLocation Related(SyntaxNode node, string message) => Related(node.Location, message);
}
