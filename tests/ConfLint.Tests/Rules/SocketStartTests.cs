using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// CL001 and socket units that nothing starts (precision round 32, Foreman: foreman.socket beside foreman.service running
/// puma with <c>bind_to_activated_sockets 'only'</c>). A socket unit listens, and hands its service sockets, only once
/// started: enabled by a link, or pulled in by a unit that runs (Requires=, Wants=, BindsTo=, Sockets=, an Also=). One
/// the root's links prove not started leaves its service to bind what its own configuration says (puma's binder.rb:
/// "return binds unless activated_sockets.any?"): a site sent to those binds works, a site sent to the socket gets
/// nothing, and no fix is ever safe towards a socket unit not shown to start. Also a masked socket unit whose path is
/// set by a drop-in, and units naming accounts the host lacks (SocketUser=, User=).
/// </summary>
public class SocketStartTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\napp:x:999:999::/srv/app:/usr/sbin/nologin\n";

    private const string Group = "root:x:0:\nwww-data:x:33:\napp:x:999:\n";

    private const string ApacheConf = "ServerRoot \"/etc/apache2\"\nPidFile /run/apache2/apache2.pid\nUser www-data\nGroup www-data\nErrorLog /var/log/apache2/error.log\n"
        + "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so\nLoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n"
        + "LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so\n"
        + "Listen 80\nIncludeOptional /etc/apache2/sites-enabled/*.conf\n";

    private const string TcpSite = "<VirtualHost *:80>\n  ServerName app.example.com\n  ProxyPass / http://127.0.0.1:3000/\n  ProxyPassReverse / http://127.0.0.1:3000/\n</VirtualHost>\n";

    private const string SocketSite = "<VirtualHost *:80>\n  ServerName app.example.com\n  ProxyPass / unix:/run/app.sock|http://localhost/\n  ProxyPassReverse / unix:/run/app.sock|http://localhost/\n</VirtualHost>\n";

    private const string Puma = "workers 2\n# use systemd's sockets when activated; otherwise the bind below\nbind_to_activated_sockets 'only'\nbind 'tcp://127.0.0.1:3000'\n";

    private static string Service(string unit = "", string service = "User=app\n") =>
        $"[Unit]\n{unit}\n[Service]\n{service}WorkingDirectory=/srv/app\nExecStart=/usr/bin/bundle exec puma -C config/puma.rb -e production\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n";

    private static string Socket(string listen = "/run/app.sock", string user = "www-data") =>
        $"[Socket]\nListenStream={listen}\nSocketUser={user}\nSocketMode=0600\n\n[Install]\nWantedBy=sockets.target\n";

    /// <summary>The repro's root: Debian, Apache in front of app.service (enabled by a link), app.socket beside it.</summary>
    private static TempTree Tree(string site, bool socketLinked = false, string? service = null, string? socket = null, bool serviceLinked = true)
    {
        var tree = new TempTree()
            .Write("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n")
            .Write("etc/passwd", Passwd)
            .Write("etc/group", Group)
            .Write("etc/apache2/apache2.conf", ApacheConf)
            .Write("etc/apache2/sites-enabled/app.conf", site)
            .Write("lib/systemd/system/app.service", service ?? Service())
            .Write("lib/systemd/system/app.socket", socket ?? Socket())
            .Write("srv/app/config/puma.rb", Puma);
        if (serviceLinked)
        {
            tree.Link("etc/systemd/system/multi-user.target.wants/app.service", "/lib/systemd/system/app.service");
        }

        if (socketLinked)
        {
            tree.Link("etc/systemd/system/sockets.target.wants/app.socket", "/lib/systemd/system/app.socket");
        }

        return tree;
    }

    private static string Lint(TempTree tree, params string[] extra)
    {
        var lint = CliRunner.Run(["lint", "--root", tree.Root, "--select", "CL001", .. extra]);
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint.Stdout + lint.Stderr;
    }

    private static string Fix(TempTree tree, bool unsafeFixes = false)
    {
        var fix = unsafeFixes
            ? CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001", "--dry-run", "--unsafe-fixes")
            : CliRunner.Run("fix", "--root", tree.Root, "--select", "CL001", "--dry-run");
        Assert.True(fix.ExitCode is 0 or 1, fix.Stderr);
        return fix.Stdout;
    }

    /// <summary>repro-1: nothing starts app.socket, so puma gets no socket from systemd and keeps its bind: the site on
    /// 127.0.0.1:3000 works. Before: a false error with a safe fix to the socket, which took the site down.</summary>
    [Fact]
    public void A_socket_unit_nothing_starts_leaves_the_service_its_own_binds()
    {
        using var tree = Tree(TcpSite);
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
        Assert.DoesNotContain("+++", Fix(tree, unsafeFixes: true), StringComparison.Ordinal);
    }

    /// <summary>The same socket unit started (a link enables it, or the service Requires= it): puma serves the socket alone,
    /// nothing listens on 127.0.0.1:3000, and pointing the site at the socket is the one remedy.</summary>
    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "Requires=app.socket\n")]
    [InlineData(false, "Wants=app.socket\n")]
    [InlineData(false, "BindsTo=app.socket\n")]
    public void A_started_socket_unit_is_where_puma_listens(bool socketLinked, string unit)
    {
        using var tree = Tree(TcpSite, socketLinked, Service(unit));
        var output = Lint(tree);
        Assert.Contains("error CL001 [*] ProxyPass http://127.0.0.1:3000/: nothing on this host listens there (socket unit 'app.socket' listens on /run/app.sock)", output, StringComparison.Ordinal);
        Assert.Contains("+  ProxyPass / unix:/run/app.sock|http://127.0.0.1:3000/", Fix(tree), StringComparison.Ordinal);
    }

    /// <summary>An enabled unit's Also= enables the socket unit with it (systemctl enable): taken as started.</summary>
    [Fact]
    public void A_socket_unit_named_by_an_enabled_units_also_is_started()
    {
        using var tree = Tree(TcpSite, service: Service().Replace("[Install]\n", "[Install]\nAlso=app.socket\n", StringComparison.Ordinal));
        Assert.Contains("error CL001 [*] ProxyPass http://127.0.0.1:3000/: nothing on this host listens there", Lint(tree), StringComparison.Ordinal);
    }

    /// <summary>repro-1b, the mirror: the site on the socket nothing starts. A warning (the operator may start it by hand),
    /// the two remedies as advice, no edit.</summary>
    [Fact]
    public void A_site_on_a_socket_unit_nothing_starts_is_a_warning_with_advice()
    {
        using var tree = Tree(SocketSite);
        var output = Lint(tree);
        Assert.Contains("warning CL001 ProxyPass unix:/run/app.sock|http://localhost/: only socket unit 'app.socket' listens at unix:/run/app.sock, and it is not enabled: the root enables other units by links, none names it, and nothing enabled pulls it in: its service 'app.service' runs at boot without it", output, StringComparison.Ordinal);
        Assert.Contains("puma in service 'app.service' binds 127.0.0.1:3000 itself", output, StringComparison.Ordinal);
        Assert.Contains("app.socket is to be enabled for sockets.target, and no link in the root enables it", output, StringComparison.Ordinal);
        Assert.Contains("help: Either enable it (systemctl enable --now app.socket), or point the site at 127.0.0.1:3000", output, StringComparison.Ordinal);
        Assert.DoesNotContain("+++", Fix(tree, unsafeFixes: true), StringComparison.Ordinal);
    }

    /// <summary>The site on the socket, the socket unit started: fine.</summary>
    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "Requires=app.socket\n")]
    public void A_site_on_a_started_socket_unit_is_fine(bool socketLinked, string unit)
    {
        using var tree = Tree(SocketSite, socketLinked, Service(unit));
        Assert.DoesNotContain("CL001", Lint(tree), StringComparison.Ordinal);
    }

    /// <summary>A root without links (a repository of units): whether the socket unit starts is not known. It is still
    /// taken as where its service listens, but a fix towards it is never safe.</summary>
    [Fact]
    public void No_safe_fix_towards_a_socket_unit_not_shown_to_start()
    {
        using var tree = Tree(TcpSite, serviceLinked: false);
        var output = Lint(tree);
        Assert.Contains("CL001", output, StringComparison.Ordinal);
        Assert.Contains("the root does not show socket unit 'app.socket' started at boot (no link enables it, and no unit the root enables pulls it in): check that systemd creates the socket (unsafe fix)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("+++", Fix(tree), StringComparison.Ordinal);
    }

    /// <summary>repro-3: the socket unit is masked, and its path comes from a drop-in (the unit file says 3000). The masked
    /// warning, from the drop-in's path; no fix towards puma's 127.0.0.1:3000, since app.service Requires= the masked unit
    /// and cannot start.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_masked_socket_unit_is_read_with_its_drop_ins(bool fromDropIn)
    {
        using var tree = Tree(SocketSite, service: Service("Requires=app.socket\n"), socket: Socket(fromDropIn ? "3000" : "/run/app.sock"));
        tree.Link("etc/systemd/system/app.socket", "/dev/null");
        if (fromDropIn)
        {
            tree.Write("etc/systemd/system/app.socket.d/path.conf", "[Socket]\nListenStream=\nListenStream=/run/app.sock\n");
        }

        var output = Lint(tree);
        Assert.Contains("warning CL001 ProxyPass unix:/run/app.sock|http://localhost/: only socket unit 'app.socket' would listen at unix:/run/app.sock, and it is masked (etc/systemd/system/app.socket links to /dev/null)", output, StringComparison.Ordinal);
        Assert.Contains("app.service, which Requires= it, cannot start either", output, StringComparison.Ordinal);
        Assert.Contains(fromDropIn ? "etc/systemd/system/app.socket.d/path.conf:3:1: socket unit 'app.socket' would listen here" : "lib/systemd/system/app.socket:2:1: socket unit 'app.socket' would listen here", output, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:3000", output, StringComparison.Ordinal);
        Assert.DoesNotContain("+++", Fix(tree, unsafeFixes: true), StringComparison.Ordinal);
    }

    /// <summary>A drop-in that moves the masked socket unit away from the target: the mask is not what keeps it empty.</summary>
    [Fact]
    public void A_drop_in_moving_the_masked_socket_elsewhere_says_nothing_of_the_mask()
    {
        using var tree = Tree(SocketSite, service: Service("Requires=app.socket\n"));
        tree.Link("etc/systemd/system/app.socket", "/dev/null")
            .Write("etc/systemd/system/app.socket.d/path.conf", "[Socket]\nListenStream=\nListenStream=/run/other.sock\n");
        Assert.DoesNotContain("and it is masked", Lint(tree), StringComparison.Ordinal);
    }

    /// <summary>A service that needs a masked unit cannot start: a fix towards it is never safe.</summary>
    [Fact]
    public void No_safe_fix_towards_a_service_that_needs_a_masked_unit()
    {
        var site = TcpSite.Replace("3000", "4000", StringComparison.Ordinal);
        using var tree = Tree(site, service: Service("Requires=app.socket\n"), socket: Socket("/run/other.sock"));
        tree.Link("etc/systemd/system/app.socket", "/dev/null");
        var output = Lint(tree);
        Assert.Contains("ProxyPass http://127.0.0.1:4000/", output, StringComparison.Ordinal);
        Assert.Contains("app.service cannot start: it Requires= app.socket, which is masked", output, StringComparison.Ordinal);
        Assert.DoesNotContain("+++", Fix(tree), StringComparison.Ordinal);
    }

    /// <summary>repro-2: SocketUser= naming an account Debian does not have (EL's apache): systemd's chown helper cannot
    /// resolve it, the socket unit fails and nothing listens. A warning at the site with the line and advice, no fix.</summary>
    [Fact]
    public void A_socket_user_no_account_has_is_a_warning()
    {
        using var tree = Tree(SocketSite, socketLinked: true, service: Service("Requires=app.socket\n"), socket: Socket(user: "apache"));
        var output = Lint(tree);
        Assert.Contains("warning CL001 ProxyPass unix:/run/app.sock|http://localhost/: nothing listens at unix:/run/app.sock, since app.socket cannot start: SocketUser=apache names no account of the host", output, StringComparison.Ordinal);
        Assert.Contains("Failed to resolve user apache", output, StringComparison.Ordinal);
        Assert.Contains("app.service, which Requires= it, does not start either", output, StringComparison.Ordinal);
        Assert.Contains("lib/systemd/system/app.socket:3:1: SocketUser=apache: no user of that name on this host", output, StringComparison.Ordinal);
        Assert.Contains("help: Name an account the host has in SocketUser=", output, StringComparison.Ordinal);
        Assert.DoesNotContain("+++", Fix(tree, unsafeFixes: true), StringComparison.Ordinal);
    }

    /// <summary>Where the account may exist after all: a name source ConfLint cannot read, a sysusers.d line that makes it,
    /// an account the files have (repro-2-control: CL003's finding, not this one).</summary>
    [Theory]
    [InlineData("etc/nsswitch.conf", "passwd: files ldap\ngroup: files ldap\n")]
    [InlineData("usr/lib/sysusers.d/apache.conf", "u apache - \"Apache\" /usr/share/httpd\n")]
    [InlineData("etc/passwd", Passwd + "apache:x:48:48::/usr/share/httpd:/sbin/nologin\n")]
    public void An_account_that_may_exist_is_not_judged(string path, string text)
    {
        using var tree = Tree(SocketSite, socketLinked: true, service: Service("Requires=app.socket\n"), socket: Socket(user: "apache"));
        tree.Write(path, text);
        Assert.DoesNotContain("names no account", Lint(tree), StringComparison.Ordinal);
    }

    /// <summary>debian's nsswitch.conf (files systemd) is as conclusive as files alone.</summary>
    [Fact]
    public void Files_and_systemd_in_nsswitch_still_prove_the_account_missing()
    {
        using var tree = Tree(SocketSite, socketLinked: true, service: Service("Requires=app.socket\n"), socket: Socket(user: "apache"));
        tree.Write("etc/nsswitch.conf", "passwd: files systemd\ngroup: files systemd\n");
        Assert.Contains("SocketUser=apache names no account of the host", Lint(tree), StringComparison.Ordinal);
    }

    /// <summary>A service whose User= no account has exits before its program runs (status=217/USER): the site on its
    /// address gets nothing. DynamicUser=yes makes the account as the service starts.</summary>
    [Theory]
    [InlineData("User=ghost\n", true)]
    [InlineData("User=ghost\nDynamicUser=yes\n", false)]
    [InlineData("User=app\n", false)]
    public void A_service_user_no_account_has_is_a_warning(string accounts, bool reported)
    {
        using var tree = Tree(TcpSite, service: Service(service: accounts), socket: Socket("/run/other.sock"));
        var output = Lint(tree);
        if (reported)
        {
            Assert.Contains("warning CL001 ProxyPass http://127.0.0.1:3000/: nothing listens at 127.0.0.1:3000, since app.service cannot start: User=ghost names no account of the host", output, StringComparison.Ordinal);
            Assert.Contains("status=217/USER", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("names no account", output, StringComparison.Ordinal);
        }
    }
}
