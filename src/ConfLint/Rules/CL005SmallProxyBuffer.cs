using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Units;

namespace ConfLint.Rules;

/// <summary>
/// CL005 small-proxy-buffer: the effective <c>*_buffer_size</c> where nginx proxies is below the minimum, so
/// a back end's large response header ends in "upstream sent too big header" and a 502. A value set in one
/// place and inherited by many locations is reported once, where it is set; nginx's default is reported at
/// each pass that relies on it.
/// </summary>
public sealed class CL005SmallProxyBuffer : Rule
{
    public override string Code => "CL005";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var min = context.Options.Size("min");
        var byDirective = new Dictionary<object, (FrontEnd First, List<FrontEnd> All, NginxSettings.Effective<ByteSize> Value, string Name)>(ReferenceEqualityComparer.Instance);
        foreach (var frontEnd in context.Host.FrontEnds)
        {
            if (frontEnd.Details is not NginxPass { Scope: var scope } || !NginxSettings.HasBuffers(frontEnd.DirectiveName))
            {
                continue;
            }

            var name = NginxSettings.Module(frontEnd.DirectiveName) + "_buffer_size";
            var effective = NginxSettings.Size(scope, name, NginxSettings.PageSize);
            if (effective.Value >= min)
            {
                continue;
            }

            object key = effective.Directive ?? (object)frontEnd.Directive;
            if (byDirective.TryGetValue(key, out var group))
            {
                group.All.Add(frontEnd);
            }
            else
            {
                byDirective[key] = (frontEnd, [frontEnd], effective, name);
            }
        }

        foreach (var (first, all, effective, name) in byDirective.Values)
        {
            if (effective.Directive is { } directive)
            {
                var users = all.Count == 1 ? $"{first.DirectiveName} {first.Target.Text}" : $"{all.Count} locations";
                var related = all.Take(5).Select(f => Related(f.Directive, $"{f.DirectiveName} reads response headers into this {effective.Value.ToNginx()} buffer")).ToList();
                yield return Report(directive.Arguments[0].Location,
                    $"{name} {effective.Value.ToNginx()} is below the minimum of {min.ToNginx()} for {users}: a larger response header ends in 'upstream sent too big header' and a 502",
                    related,
                    CL005SmallProxyBufferFix.Create(first, effective, name, min));
            }
            else
            {
                yield return Report(first.TargetToken.Location,
                    $"{first.DirectiveName} {first.Target.Text} reads response headers into {name}, nginx's default of {effective.Value.ToNginx()} here, below the minimum of {min.ToNginx()}: a larger response header ends in 'upstream sent too big header' and a 502",
                    fix: CL005SmallProxyBufferFix.Create(first, effective, name, min));
            }
        }
    }
}
