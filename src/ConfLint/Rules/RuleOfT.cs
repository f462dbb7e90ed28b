using ConfLint.Diagnostics;

namespace ConfLint.Rules;

/// <summary>A rule with typed options (a record of the rule's own), read once per run from <c>.conflint.yml</c> and
/// the defaults of its YAML file.</summary>
public abstract class Rule<TOptions> : Rule
{
    public sealed override IEnumerable<Diagnostic> Check(RuleContext context) => Check(context, ReadOptions(context.Options));

    protected abstract TOptions ReadOptions(RuleOptions options);

    protected abstract IEnumerable<Diagnostic> Check(RuleContext context, TOptions options);
}
