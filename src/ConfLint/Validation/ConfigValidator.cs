using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>
/// CL000 beyond the grammar: what nginx, Apache, PHP-FPM, HAProxy and systemd refuse (or, for systemd, ignore with a
/// warning) when they read the configuration, judged from the directive tables. Every problem is reported, not
/// only the first the daemon would stop at; nothing is reported where the daemon would accept the configuration.
/// </summary>
public static class ConfigValidator
{
    /// <param name="notes">Receives what could not be judged (a file whose absence is not certain), for --verbose.</param>
    public static IReadOnlyList<Diagnostic> Check(ConfigWorkspace workspace, ConfLintConfig config, List<string>? notes = null)
    {
        var findings = new Findings();
        NginxValidator.Check(workspace, config, findings);
        ApacheValidator.Check(workspace, findings);
        FpmValidator.Check(workspace, findings);
        SystemdValidator.Check(workspace, findings);
        HaproxyValidator.Check(workspace, findings);
        notes?.AddRange(findings.Notes);
        return findings.Items;
    }
}
