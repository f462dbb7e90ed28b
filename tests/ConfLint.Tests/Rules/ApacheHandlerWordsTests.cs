using ConfLint.Configuration;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>
/// What httpd's handlers refuse (a differential round's misses): a Redirect left without its URL outside a section
/// (mod_alias add_redirect_internal), a &lt;RequireAll&gt; of negative authorizations only (mod_authz_core
/// authz_core_check_section, AH01624), and ProxyPass given a path inside &lt;Location&gt; (mod_proxy add_pass); each
/// beside the nearest accepted form.
/// </summary>
public sealed class ApacheHandlerWordsTests
{
    private const string Main = """
        LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
        LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
        LoadModule authz_host_module /usr/lib/apache2/modules/mod_authz_host.so
        LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so
        LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
        LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so
        Listen 80
        ServerName host.example
        IncludeOptional sites-enabled/*.conf

        """;

    private static List<string> Lint(string body)
    {
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", Main)
            .Write("etc/apache2/sites-enabled/site.conf", $"<VirtualHost *:80>\n    ServerName a.example\n{body}</VirtualHost>\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        return Linter.Run(workspace, ConfLintConfig.Empty, RuleSelection.Parse("CL000", null)).Diagnostics
            .Where(d => d.Location.Path == "etc/apache2/sites-enabled/site.conf")
            .Select(d => $"{d.Location.Start.Line}: {d.Severity.ToString().ToLowerInvariant()}: {d.Message}")
            .ToList();
    }

    [Theory]
    [InlineData("    Redirect permanent /a\n", "URL to redirect to is missing")]
    [InlineData("    Redirect /a\n", "URL to redirect to is missing")]
    [InlineData("    Redirect 301\n", "URL to redirect to is missing")]
    [InlineData("    Redirect /a relative\n", "Redirect to non-URL")]
    [InlineData("    <Location /a>\n    Redirect permanent\n    </Location>\n", "URL to redirect to is missing")]
    public void A_redirect_without_its_url_is_refused(string body, string message) =>
        Assert.Contains(Lint(body), d => d.EndsWith("error: " + message, StringComparison.Ordinal));

    [Theory]
    [InlineData("    Redirect gone /a\n")]
    [InlineData("    Redirect 404 /a\n")]
    [InlineData("    Redirect /a https://b.example/\n")]
    [InlineData("    <Location /a>\n    Redirect permanent /b\n    </Location>\n")]
    [InlineData("    <Location /a>\n    Redirect /b\n    </Location>\n")]
    [InlineData("    <Location /a>\n    Redirect gone\n    </Location>\n")]
    public void The_nearest_accepted_redirects_are_taken(string body) =>
        Assert.Empty(Lint(body));

    [Fact]
    public void A_require_all_of_negatives_only_is_refused() =>
        Assert.Contains("4: error: <RequireAll> directive contains only negative authorization directives",
            Lint("    <Directory /srv>\n        <RequireAll>\n            Require not ip 1.2.3.4\n            <RequireNone>\n                Require ip 10.0.0.0/8\n            </RequireNone>\n        </RequireAll>\n    </Directory>\n"));

    [Theory]
    [InlineData("Require all granted\n            Require not ip 1.2.3.4\n")]
    [InlineData("<RequireAny>\n                Require ip 10.0.0.0/8\n            </RequireAny>\n            Require not ip 1.2.3.4\n")]
    [InlineData("<RequireAll>\n                Require ip 10.0.0.0/8\n            </RequireAll>\n            Require not ip 1.2.3.4\n")]
    public void A_require_all_with_a_positive_authorization_is_taken(string inside) =>
        Assert.Empty(Lint($"    <Directory /srv>\n        <RequireAll>\n            {inside}        </RequireAll>\n    </Directory>\n"));

    [Fact]
    public void A_proxy_pass_path_inside_a_location_is_named() =>
        Assert.Contains("4: error: ProxyPass|ProxyPassMatch can not have a path when defined in a location.",
            Lint("    <Location /x>\n    ProxyPass /x http://127.0.0.1:8000/\n    </Location>\n"));

    [Fact]
    public void A_proxy_pass_url_inside_a_location_is_taken() =>
        Assert.Empty(Lint("    <Location /x>\n    ProxyPass http://127.0.0.1:8000/ retry=0\n    </Location>\n"));
}
