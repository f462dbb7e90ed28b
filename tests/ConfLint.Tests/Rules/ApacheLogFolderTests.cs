using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>CL000 for httpd's logs (AH02291, AH02297): a log folder that went wrong inside ServerRoot is an error; a log
/// folder the tree leaves out, or reaches through a link the tree cannot follow, is only a note.</summary>
public sealed class ApacheLogFolderTests
{
    private const string Main = """
        ServerRoot "/etc/httpd"
        LoadModule mpm_event_module modules/mod_mpm_event.so
        LoadModule log_config_module modules/mod_log_config.so
        LoadModule authz_core_module modules/mod_authz_core.so
        Listen 80
        ServerName host.example
        LogFormat "%h %l %u %t \"%r\" %>s %b" common
        ErrorLog "logs/error_log"
        IncludeOptional conf.d/*.conf

        """;

    private static List<Diagnostic> Lint(TempTree tree)
    {
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        return Linter.Run(workspace, ConfLintConfig.Empty, RuleSelection.Parse("CL000", null)).Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
    }

    [Fact]
    public void A_log_folder_missing_inside_server_root_is_refused_in_httpd_s_words()
    {
        using var tree = new TempTree()
            .Write("etc/httpd/conf/httpd.conf", Main)
            .Link("etc/httpd/logs", "/var/log/httpd")
            .Write("etc/httpd/conf.d/site.conf", "<VirtualHost *:80>\n    ServerName a.example\n    ErrorLog log/a_error_log\n    CustomLog lgs/a_access_log common\n</VirtualHost>\n");

        var found = Lint(tree);

        Assert.Equal(
            ["Cannot access directory '/etc/httpd/log/' for error log of vhost", "Cannot access directory '/etc/httpd/lgs/' for log file '/etc/httpd/lgs/a_access_log'"],
            found.Select(d => d.Message));
        Assert.All(found, d => Assert.Equal("etc/httpd/conf.d/site.conf", d.Location.Path));
    }

    [Fact]
    public void A_log_folder_behind_a_link_or_left_out_of_the_tree_is_not_judged()
    {
        // RHEL's layout: logs is a link to /var/log/httpd, which a repository does not hold; /var/log/apps is left out.
        using var tree = new TempTree()
            .Write("etc/httpd/conf/httpd.conf", Main)
            .Link("etc/httpd/logs", "/var/log/httpd")
            .Write("etc/httpd/conf.d/site.conf", "<VirtualHost *:80>\n    ServerName a.example\n    ErrorLog logs/a_error_log\n    CustomLog /var/log/apps/a_access_log common\n    TransferLog \"|/usr/bin/logger -t a\"\n</VirtualHost>\n");

        Assert.Empty(Lint(tree));
    }
}
