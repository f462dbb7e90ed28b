using ConfLint.Configuration;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>CL000 for a <c>${NAME}</c> httpd cannot expand (AH00111, then the value keeps it as written): said only where
/// envvars was read, the service's units give nothing ConfLint cannot list, and the name is a slip of a defined one.</summary>
public sealed class ApacheUndefinedVariableTests
{
    private const string Main = """
        DefaultRuntimeDir ${APACHE_RUN_DIR}
        LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
        LoadModule log_config_module /usr/lib/apache2/modules/mod_log_config.so
        LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
        Listen 80
        ServerName host.example
        ErrorLog ${APACHE_LOG_DIR}/error.log
        IncludeOptional sites-enabled/*.conf

        """;

    private const string Envvars = "export APACHE_RUN_DIR=/var/run/apache2\nexport APACHE_LOG_DIR=/var/log/apache2\n";

    private static List<string> Lint(TempTree tree)
    {
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        return Linter.Run(workspace, ConfLintConfig.Empty, RuleSelection.Parse("CL000", null)).Diagnostics
            .Where(d => d.Location.Path == "etc/apache2/sites-enabled/site.conf")
            .Select(d => $"{d.Severity.ToString().ToLowerInvariant()}: {d.Message}")
            .ToList();
    }

    private static TempTree Site(string body) => new TempTree()
        .Write("etc/apache2/apache2.conf", Main)
        .Write("etc/apache2/envvars", Envvars)
        .Write("etc/apache2/sites-enabled/site.conf", $"<VirtualHost *:80>\n    ServerName a.example\n{body}</VirtualHost>\n");

    [Fact]
    public void A_slip_of_a_variable_envvars_exports_is_a_warning_and_its_log_folder_an_error()
    {
        using var tree = Site("    CustomLog ${APACHE_LOG_DIRx}/a_access.log combined\n    DocumentRoot /srv/${APACHE_LOG_DRI}\n");

        Assert.Equal(
            [
                "warning: Config variable ${APACHE_LOG_DIRx} is not defined: httpd keeps it in the value as written (did you mean ${APACHE_LOG_DIR}?)",
                "error: Cannot access directory '/etc/apache2/${APACHE_LOG_DIRx}/' for log file '/etc/apache2/${APACHE_LOG_DIRx}/a_access.log'",
                "warning: Config variable ${APACHE_LOG_DRI} is not defined: httpd keeps it in the value as written (did you mean ${APACHE_LOG_DIR}?)",
            ],
            Lint(tree));
    }

    [Fact]
    public void A_variable_the_service_may_give_is_not_judged()
    {
        // An EnvironmentFile ConfLint cannot read may hold any name; a name unlike every defined one may be the
        // environment's (a container's, a shell's).
        using var hidden = Site("    CustomLog ${APACHE_LOG_DIRx}/a_access.log combined\n")
            .Write("etc/systemd/system/apache2.service.d/env.conf", "[Service]\nEnvironmentFile=/etc/default/apache2-site\n");
        using var unlike = Site("    CustomLog ${SITE_LOGS}/a_access.log combined\n");

        Assert.Empty(Lint(hidden));
        Assert.Empty(Lint(unlike));
    }

    [Fact]
    public void A_variable_the_service_s_unit_sets_is_defined()
    {
        using var tree = Site("    CustomLog ${APACHE_LOG_DIRx}/a_access.log combined\n")
            .Write("lib/systemd/system/apache2.service", "[Unit]\nDescription=The Apache HTTP Server\n\n[Service]\nType=forking\nEnvironment=APACHE_STARTED_BY_SYSTEMD=true APACHE_LOG_DIRx=/var/log/apache2\nExecStart=/usr/sbin/apachectl start\n");

        Assert.DoesNotContain(Lint(tree), m => m.Contains("APACHE_LOG_DIRx", StringComparison.Ordinal) && !m.StartsWith("note", StringComparison.Ordinal));
    }
}
