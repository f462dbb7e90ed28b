using ConfLint.Diagnostics;
using ConfLint.Rules.Support;
using ConfLint.Host.Systemd;
using ConfLint.Syntax.Systemd;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Rules;

/// <summary>
/// CL007's fix: <c>Restart=on-failure</c> and <c>RestartSec=</c> in the unit's [Service] section. A unit the
/// administrator owns (under /etc, or linted as a plain file) is edited where the policy is set or missing; a
/// vendor unit (under /lib or /usr/lib) gets the drop-in /etc/systemd/system/NAME.service.d/restart.conf,
/// named to sort after any drop-in that sets <c>Restart=</c>, so that it is applied last.
/// </summary>
internal static class CL007MissingRestartPolicyFix
{
    public static Fix Create(RuleContext context, ServiceBackEnd service)
    {
        var restartSec = context.Options.Duration("restart-sec");
        var restartSecText = restartSec.ToNginx();
        var needsRestartSec = service.Unit.EffectiveEntry("Service", "RestartSec") is null;
        var workspace = context.Workspace;
        var title = $"Add Restart=on-failure{(needsRestartSec ? $" and RestartSec={restartSecText}" : string.Empty)} to {service.UnitName}";

        // Restart= set to something else in a file the administrator owns: change it there.
        if (service.RestartEntry is { IsEmpty: false } set && workspace.FileOf(set.Tree) is { } setFile && !IsVendor(setFile.ServerPath) && set.ValueToken is { } value)
        {
            var edits = new List<FileEdit> { Edits.ReplaceToken(setFile, value, "on-failure") };
            if (needsRestartSec)
            {
                edits.Add(Edits.InsertLineAfter(setFile, set, $"RestartSec={restartSecText}"));
            }

            return new Fix(title, Applicability.Safe, edits);
        }

        var main = service.File;
        if (!IsVendor(main.ServerPath) && main.Tree?.Root is SystemdUnitFile unit)
        {
            var lines = new List<string> { "Restart=on-failure" };
            if (needsRestartSec)
            {
                lines.Add($"RestartSec={restartSecText}");
            }

            var section = unit.SectionsNamed("Service").LastOrDefault();
            if (section is not null)
            {
                var last = section.Entries.Count > 0 ? (ConfLint.Syntax.SyntaxNode)section.Entries[^1] : section;
                return new Fix(title, Applicability.Safe, [Edits.InsertLinesAfter(main, last, lines)]);
            }
        }

        var name = DropInName(service);
        var text = "[Service]\nRestart=on-failure\n" + (needsRestartSec ? $"RestartSec={restartSecText}\n" : string.Empty);
        return new Fix($"{title} in a drop-in, /etc/systemd/system/{service.UnitName}.d/{name}", Applicability.Safe,
            [Edits.CreateFile(workspace.FileIdAt($"/etc/systemd/system/{service.UnitName}.d/{name}"), text)]);
    }

    private static bool IsVendor(string path) =>
        path.StartsWith("/lib/", StringComparison.Ordinal) || path.StartsWith("/usr/lib/", StringComparison.Ordinal);

    /// <summary>restart.conf, unless a drop-in whose name sorts after it assigns Restart= (then this one must come later).</summary>
    private static string DropInName(ServiceBackEnd service)
    {
        var name = "restart.conf";
        foreach (var dropIn in service.Unit.Files.DropIns)
        {
            var file = Path.GetFileName(dropIn);
            if (string.CompareOrdinal(file, name) >= 0 && service.Unit.Assignments("Service", "Restart").Any(e => e.Tree.Source.Path.EndsWith(file, StringComparison.Ordinal)))
            {
                name = "zz-" + file.Replace(".conf", string.Empty, StringComparison.Ordinal) + "-restart.conf";
            }
        }

        return name;
    }
}
