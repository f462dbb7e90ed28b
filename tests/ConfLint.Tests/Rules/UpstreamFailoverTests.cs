using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>A dead member of an nginx upstream beside one that answers (WordOps's multiphp upstream listing every PHP
/// version, installed or not): connect() fails before anything is sent and fastcgi_next_upstream's default 'error timeout'
/// passes the request, POST too, to the next server, so CL001 says info, never an error, and offers no safe rewrite. The
/// error stays where every primary is dead, where the retry is off (off, a list without error, tries 1), and for a
/// single-server upstream; a 'down' member is never connected and gets nothing.</summary>
public class UpstreamFailoverTests
{
    private const string Live = "unix:/run/php/php8.2-fpm.sock";
    private const string Dead = "unix:/run/php/php7.4-fpm.sock";

    private static TempTree Host(string servers, string server = "", string location = "", string second = "") =>
        new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    upstream php {\n" + servers + "    }\n    server {\n        listen 80;\n        server_name site.example;\n        root /var/www/site;\n" + server
                + "        location ~ \\.php$ {\n            include fastcgi_params;\n" + location + "            fastcgi_pass php;\n        }\n" + second + "    }\n}\n")
            .Write("etc/nginx/fastcgi_params", "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n");

    private static string Lint(TempTree tree) => CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001").Stdout;

    private static string[] Findings(string report) =>
        report.Split('\n').Where(l => l.Contains(" CL001 ", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void A_dead_member_beside_a_live_one_is_info_with_the_reason_and_no_safe_fix()
    {
        using var tree = Host($"        server {Dead};\n        server {Live};\n");
        var findings = Findings(Lint(tree));
        var finding = Assert.Single(findings);
        Assert.Contains("nginx.conf:5:", finding, StringComparison.Ordinal);
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
        Assert.DoesNotContain("[*]", finding, StringComparison.Ordinal);
        Assert.Contains("no 502 comes of it", finding, StringComparison.Ordinal);
        Assert.Contains("fastcgi_next_upstream", finding, StringComparison.Ordinal);
        Assert.Contains("unix:/run/php/php8.2-fpm.sock (", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void A_least_conn_keepalive_upstream_with_one_pool_removed_is_info()
    {
        using var tree = Host($"        least_conn;\n        server {Live};\n        server {Dead};\n        keepalive 5;\n");
        var finding = Assert.Single(Findings(Lint(tree)));
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
        Assert.Contains("nginx.conf:7:", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_member_dead_stays_an_error()
    {
        using var tree = Host($"        server {Dead};\n        server unix:/run/php/php7.3-fpm.sock;\n");
        var report = Lint(tree);
        Assert.Contains("error CL001", report, StringComparison.Ordinal);
        Assert.DoesNotContain("no 502 comes of it", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_server_upstream_stays_an_error()
    {
        using var tree = Host($"        server {Dead};\n");
        var report = Lint(tree);
        Assert.Contains("error CL001", report, StringComparison.Ordinal);
        Assert.DoesNotContain("no 502 comes of it", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_down_member_is_never_connected_and_gets_nothing()
    {
        using var tree = Host($"        server {Dead} down;\n        server {Live};\n");
        Assert.Empty(Findings(Lint(tree)));
    }

    [Theory]
    [InlineData("", "            fastcgi_next_upstream off;\n", "turns passing a request to the next server off")]
    [InlineData("        fastcgi_next_upstream timeout;\n", "", "does not name 'error'")]
    [InlineData("        fastcgi_next_upstream_tries 1;\n", "", "allows one attempt only")]
    public void With_the_retry_off_the_error_stays(string server, string location, string why)
    {
        using var tree = Host($"        server {Dead};\n        server {Live};\n", server, location);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains("error CL001", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("no 502 comes of it", output.Stdout, StringComparison.Ordinal);
        Assert.Contains(why, output.Stdout + output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_stays_where_one_pass_of_several_has_the_retry_off()
    {
        using var tree = Host($"        server {Dead};\n        server {Live};\n", second: "        location = /xmlrpc.php {\n            include fastcgi_params;\n            fastcgi_next_upstream off;\n            fastcgi_pass php;\n        }\n");
        var report = Lint(tree);
        Assert.Contains("error CL001", report, StringComparison.Ordinal);
        Assert.DoesNotContain("no 502 comes of it", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Dead_primaries_with_a_live_backup_are_info_naming_the_backup()
    {
        using var tree = Host($"        server {Dead};\n        server {Live} backup;\n");
        var finding = Assert.Single(Findings(Lint(tree)));
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
        Assert.Contains("uses the backup unix:/run/php/php8.2-fpm.sock", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dead_backup_beside_a_live_primary_is_info()
    {
        using var tree = Host($"        server {Live};\n        server {Dead} backup;\n");
        var finding = Assert.Single(Findings(Lint(tree)));
        Assert.Contains("info CL001", finding, StringComparison.Ordinal);
        Assert.Contains("it is a backup server of upstream php", finding, StringComparison.Ordinal);
    }

    [Fact]
    public void The_retry_in_the_verbose_note_is_said_once_per_member()
    {
        using var tree = Host($"        server {Dead};\n        server {Live};\n");
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        var all = output.Stdout + output.Stderr;
        Assert.Contains("CL001 says info (not error) of a dead member of an upstream group", all, StringComparison.Ordinal);
    }
}
