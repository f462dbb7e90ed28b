using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Nginx;
using ConfLint.Units;

namespace ConfLint.Rules;

public sealed class CL005SmallProxyBuffer : Rule<CL005SmallProxyBuffer.Options>
{
    /// <param name="Min">The minimum set in .conflint.yml, or null: then nginx's own default (one memory page) is the bar.</param>
    public sealed record Options(ByteSize? Min);

    public override string Code => "CL005";

    private static readonly ByteSize Page = new(NginxBuffers.PageSize);

    protected override Options ReadOptions(RuleOptions options) => new(options.IsSet("min") ? options.Size("min") : null);

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var bar = options.Min ?? Page;
        var explicitValues = new Dictionary<NginxDirective, (NginxSettings.Effective<ByteSize> Value, string Name, List<FrontEnd> Users)>(ReferenceEqualityComparer.Instance);
        var defaults = new Dictionary<(NginxScope, string), List<FrontEnd>>();
        foreach (var frontEnd in context.Host.FrontEnds)
        {
            // Only http's passes read a response header; stream's proxy_buffer_size is a buffer for the data itself.
            if (frontEnd.Details is not NginxPass { Scope: var scope } || !NginxSettings.HasBuffers(frontEnd.DirectiveName)
                || scope.Context is not (NginxContext.Location or NginxContext.LocationIf or NginxContext.LimitExcept))
            {
                continue;
            }

            if (FpmHealthLocations.ServesOnlyHealthPages(context.Host, frontEnd))
            {
                context.Notes.Add($"{frontEnd.File.DisplayPath}:{frontEnd.Directive.Position.Line}: CL005 leaves out a location that only serves PHP-FPM's ping or status page");
                continue;
            }

            var name = NginxSettings.ModuleSetting(frontEnd.DirectiveName, "_buffer_size");
            var effective = NginxSettings.Size(scope, name, Page);
            if (effective.Value >= bar)
            {
                continue;
            }

            if (effective.Directive is { } directive)
            {
                var group = explicitValues.TryGetValue(directive, out var found) ? found : explicitValues[directive] = (effective, name, []);
                group.Users.Add(frontEnd);
            }
            else if (options.Min is not null)
            {
                // nginx's default is judged only against a minimum the user chose: once per server.
                var key = (scope.Server ?? scope.Main, name);
                (defaults.TryGetValue(key, out var users) ? users : defaults[key] = []).Add(frontEnd);
            }
        }

        var against = options.Min is { } min ? $"the minimum of {min.ToNginx()} set in .conflint.yml" : $"nginx's own default of one memory page ({Page.ToNginx()})";
        foreach (var (directive, (effective, name, users)) in explicitValues)
        {
            var first = users[0];
            var who = users.Count == 1 ? $"{first.DirectiveName} {first.Target.Text}" : $"{users.Count} locations";
            yield return Report(directive.Arguments[0].Location,
                $"{name} {effective.Value.ToNginx()} is below {against}, for {who}: a response header larger than the buffer ends in 'upstream sent too big header' and a 502",
                users.Take(5).Select(f => Related(f.Directive, $"{f.DirectiveName} reads response headers into this {effective.Value.ToNginx()} buffer")).ToList(),
                ExplicitFix(first, directive, effective, name, bar));
        }

        foreach (var ((server, name), users) in defaults)
        {
            var first = users[0];
            var others = users.Count > 1 ? $" (and {users.Count - 1} more in this server)" : string.Empty;
            yield return Report(first.TargetToken.Location,
                $"{first.DirectiveName} {first.Target.Text}{others} reads response headers into {name}, nginx's default of {Page.ToNginx()} here, below {against}: a larger response header ends in 'upstream sent too big header' and a 502",
                users.Skip(1).Take(5).Select(f => Related(f.Directive, $"{f.DirectiveName} uses nginx's default {name} too")).ToList(),
                DefaultFix(context, server, first, name, bar));
        }

        foreach (var haproxy in Haproxy.HaproxyBuffers.Check(context, bar, options.Min is null ? $"{Page.ToNginx()}, the smallest header room CL005 accepts unless its 'min' option says otherwise" : against))
        {
            yield return Report(haproxy.Location, haproxy.Message, haproxy.Related, haproxy.Fix);
        }
    }

    /// <summary>The value raised where it is set (a snippet's value for every block that includes it), with the buffers
    /// nginx then requires. Safe: it only adds memory per connection.</summary>
    private static Fix? ExplicitFix(FrontEnd first, NginxDirective directive, NginxSettings.Effective<ByteSize> effective, string name, ByteSize size)
    {
        var level = ((NginxPass)first.Details!).Scope.LevelOf(directive);
        var edits = NginxBufferPlan.Raise(level, NginxSettings.Module(first.DirectiveName), size, (directive, effective.File!));
        return edits is null ? null : new Fix($"Raise {name} to {size.ToNginx()}", Applicability.Safe, edits);
    }

    /// <summary>The setting added once for the whole server (each location without its own value inherits it), else
    /// beside the pass at the nearest level that takes it; with the buffers nginx then requires.</summary>
    private static Fix? DefaultFix(RuleContext context, NginxScope server, FrontEnd first, string name, ByteSize size)
    {
        var module = NginxSettings.Module(first.DirectiveName);
        var version = NginxRelease.Of(context).Version;
        var pass = ((NginxPass)first.Details!).Scope;
        if (server.Context == NginxContext.Server && NginxBufferPlan.Raise(server, module, size, null) is { } serverEdits)
        {
            return new Fix($"Set {name} {size.ToNginx()} for this server", Applicability.Safe, serverEdits);
        }

        if (NginxEdits.NearestAllowed(pass, name, version) is { } level
            && NginxBufferPlan.Raise(level, module, size, level == pass ? ((NginxDirective)first.Directive, first.File) : null) is { } edits)
        {
            return new Fix($"Set {name} {size.ToNginx()}", Applicability.Safe, edits);
        }

        return null;
    }
}
