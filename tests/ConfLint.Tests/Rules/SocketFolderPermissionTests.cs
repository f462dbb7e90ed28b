using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL003 on the folders on the way to a back end's Unix socket: connect() needs search (x) permission on each.
/// systemd makes a unit's <c>RuntimeDirectory=</c> (and its kin) at each start, owned by <c>User=</c>/<c>Group=</c>, with
/// <c>RuntimeDirectoryMode=</c> (0755 by default): pgAdmin's <c>RuntimeDirectoryMode=0750</c> keeps nginx's www-data out
/// of <c>/run/pgadmin4</c> though the socket inside is 0777. Folders the unit does not make are not judged.</summary>
public class SocketFolderPermissionTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\npgadmin:x:105:105::/var/lib/pgadmin:/usr/sbin/nologin\n";

    private static string Lint(string service, string group = "root:x:0:\nwww-data:x:33:\npgadmin:x:105:\n", string socket = "/run/pgadmin4/pgadmin4.sock", bool verbose = false)
    {
        using var tree = new TempTree()
            .Write("etc/passwd", Passwd)
            .Write("etc/group", group)
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/sites-enabled/dbhost", $"server {{\n    listen 80;\n    location /pgadmin4/ {{\n        proxy_pass http://unix:{socket};\n    }}\n}}\n")
            .Write("etc/systemd/system/pgadmin4.service",
                $"[Service]\n{service}ExecStart=/opt/pgadmin4/venv/bin/gunicorn --bind unix:{socket} --workers=1 --threads=25 pgAdmin4:app\nRestart=on-failure\n");
        var lint = verbose ? CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003", "--verbose") : CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    [Theory]
    [InlineData("User=pgadmin\nGroup=pgadmin\nRuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0750\n", "pgadmin4.service:5:1: error CL003", "as pgadmin:pgadmin mode 0750")]
    [InlineData("User=pgadmin\nRuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0750\n", "pgadmin4.service:4:1: error CL003", "whose primary group it gets")]
    [InlineData("RuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0750\n", "pgadmin4.service:3:1: error CL003", "as root:root mode 0750")]
    [InlineData("User=pgadmin\nGroup=www-data\nRuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0700\n", "pgadmin4.service:5:1: error CL003", "is in group 'www-data', but the mode gives the group no search (x) permission")]
    [InlineData("User=pgadmin\nGroup=pgadmin\nRuntimeDirectory=pgadmin4 other\nRuntimeDirectoryMode=750\n", "pgadmin4.service:5:1: error CL003", "RuntimeDirectory=pgadmin4 other, RuntimeDirectoryMode=750")]
    public void A_runtime_folder_the_web_server_may_not_search_is_an_error(string service, string at, string expected)
    {
        var output = Lint(service);
        Assert.Contains(at, output, StringComparison.Ordinal);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("connect() fails with (13: Permission denied) and a 502", output, StringComparison.Ordinal);
        Assert.Contains("(advice: never applied automatically)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[*]", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("User=pgadmin\nGroup=pgadmin\nRuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0755\n")]
    [InlineData("User=pgadmin\nGroup=pgadmin\nRuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0711\n")]
    [InlineData("User=pgadmin\nGroup=pgadmin\nRuntimeDirectory=pgadmin4\n")]
    [InlineData("User=pgadmin\nGroup=www-data\nRuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0750\n")]
    [InlineData("User=www-data\nRuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0700\n")]
    public void A_runtime_folder_the_web_server_may_search_is_no_finding(string service) =>
        Assert.DoesNotContain("CL003", Lint(service), StringComparison.Ordinal);

    [Fact]
    public void A_root_run_daemons_folder_is_never_mended_by_joining_root_or_changing_the_masters_group()
    {
        // A unit with no User= (php-fpm's master, Dolibarr's hardened pool folder): the folder is root:root; the advice
        // must not send www-data into group root nor set Group= on the root master.
        var output = Lint("RuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0750\n");
        Assert.Contains("remove RuntimeDirectoryMode= from pgadmin4.service", output, StringComparison.Ordinal);
        Assert.Contains("set RuntimeDirectoryMode=0711 in pgadmin4.service", output, StringComparison.Ordinal);
        Assert.DoesNotContain("to group 'root'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("set Group=", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unprivileged_services_folder_is_still_advised_by_its_group()
    {
        var output = Lint("User=pgadmin\nGroup=pgadmin\nRuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0750\n");
        Assert.Contains("set Group=www-data in pgadmin4.service", output, StringComparison.Ordinal);
        Assert.Contains("add 'www-data' to group 'pgadmin'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("RuntimeDirectoryMode=0711", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_web_user_in_the_folders_group_is_no_finding() =>
        Assert.DoesNotContain("CL003", Lint("User=pgadmin\nGroup=pgadmin\nRuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0750\n", "root:x:0:\nwww-data:x:33:\npgadmin:x:105:www-data\n"), StringComparison.Ordinal);

    [Fact]
    public void A_socket_outside_the_runtime_folder_is_not_judged_by_it()
    {
        var output = Lint("User=pgadmin\nGroup=pgadmin\nRuntimeDirectory=pgadmin4\nRuntimeDirectoryMode=0700\n", socket: "/srv/pgadmin4/pgadmin4.sock", verbose: true);
        Assert.DoesNotContain("error CL003", output, StringComparison.Ordinal);
        Assert.Contains("CL003 did not judge the folders on the way to /srv/pgadmin4/pgadmin4.sock", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_membership_the_root_does_not_show_is_not_judged()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location / { proxy_pass http://unix:/run/app/app.sock; }\n    }\n}\n")
            .Write("etc/systemd/system/app.service", "[Service]\nUser=app\nGroup=app\nRuntimeDirectory=app\nRuntimeDirectoryMode=0750\nExecStart=/srv/app/venv/bin/gunicorn --bind unix:/run/app/app.sock app:app\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003", "--verbose");
        Assert.DoesNotContain("error CL003", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("CL003 cannot tell whether 'www-data' may pass /run/app", lint.Stdout + lint.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dynamic_users_state_folder_is_private()
    {
        var output = Lint("DynamicUser=yes\nStateDirectory=pgadmin4\n", socket: "/var/lib/pgadmin4/pgadmin4.sock");
        Assert.Contains("pgadmin4.service:2:1: error CL003", output, StringComparison.Ordinal);
        Assert.Contains("/var/lib/private", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dynamic_users_runtime_folder_at_0755_is_no_finding() =>
        Assert.DoesNotContain("CL003", Lint("DynamicUser=yes\nRuntimeDirectory=pgadmin4\n"), StringComparison.Ordinal);

    [Fact]
    public void A_php_fpm_pools_socket_in_the_units_runtime_folder_is_judged()
    {
        using var tree = new TempTree()
            .Write("etc/passwd", Passwd)
            .Write("etc/group", "root:x:0:\nwww-data:x:33:\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    server {\n        listen 80;\n        location ~ \\.php$ { fastcgi_pass unix:/run/php-fpm/www.sock; }\n    }\n}\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php-fpm/www.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = static\npm.max_children = 5\n")
            .Write("lib/systemd/system/php8.2-fpm.service", "[Service]\nType=notify\nRuntimeDirectory=php-fpm\nRuntimeDirectoryMode=0700\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\n");
        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003");
        Assert.Contains("php8.2-fpm.service:4:1: error CL003", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("as root:root mode 0700", lint.Stdout, StringComparison.Ordinal);
    }
}
