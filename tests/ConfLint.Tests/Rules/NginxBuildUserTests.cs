using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Rules;

/// <summary>
/// The nginx build's worker user when nginx.conf has no <c>user</c> line (precision round 37, Trellis): nginx then runs
/// its workers as the configure <c>--user</c>/<c>--group</c> (ngx_core_module_init_conf, src/core/nginx.c: NGX_USER,
/// NGX_GROUP; nobody without them). Trellis installs nginx from nginx.org's APT repository, whose packages are configured
/// <c>--user=nginx --group=nginx</c> (pkg-oss debian/Makefile, rpm/SPECS/Makefile, alpine/Makefile) and ship a unit with
/// <c>Documentation=https://nginx.org/en/docs/</c>; Debian's and Ubuntu's own package passes no --user (nobody) and its
/// unit says <c>Documentation=man:nginx(8)</c>. The installed package's evidence comes before the distribution; where it
/// conflicts, or is only a hint against the distribution's package, the build is unknown and CL003 says so in a note.
/// </summary>
public sealed class NginxBuildUserTests
{
    private const string Ubuntu = "NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"24.04\"\n";
    private const string Rhel = "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"9.4\"\n";
    private const string NginxOrgUnit = "[Unit]\nDescription=nginx - high performance web server\nDocumentation=https://nginx.org/en/docs/\nAfter=network-online.target\n\n[Service]\nType=forking\nPIDFile=/run/nginx.pid\nExecStart=/usr/sbin/nginx -c /etc/nginx/nginx.conf\n\n[Install]\nWantedBy=multi-user.target\n";
    private const string DebianUnit = "[Unit]\nDescription=A high performance web server and a reverse proxy server\nDocumentation=man:nginx(8)\nAfter=network.target\n\n[Service]\nType=forking\nPIDFile=/run/nginx.pid\nExecStartPre=/usr/sbin/nginx -t -q -g 'daemon on; master_process on;'\nExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'\n\n[Install]\nWantedBy=multi-user.target\n";
    private const string NginxOrgAccount = "nginx:x:101:102:nginx user:/nonexistent:/usr/sbin/nologin\n";

    /// <summary>An account nginx with a home nginx.org's package does not give it: no hint of its package.</summary>
    private const string PlainAccount = "nginx:x:990:102::/home/nginx:/usr/sbin/nologin\n";

    /// <summary>nginx without a <c>user</c> line (unless <paramref name="userLine"/>) in front of PHP 8.3 pool 'app', whose
    /// socket /run/php/app.sock is made <paramref name="owner"/>:<paramref name="owner"/> mode 0660.</summary>
    private static TempTree Tree(string osRelease = Ubuntu, string owner = "nginx", string nginxAccount = NginxOrgAccount, string userLine = "")
    {
        return new TempTree()
            .Write("etc/os-release", osRelease)
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\napache:x:48:48::/usr/share/httpd:/sbin/nologin\napp:x:1001:1001::/home/app:/bin/bash\n" + nginxAccount)
            .Write("etc/group", "root:x:0:\nnogroup:x:65534:\nwww-data:x:33:\napache:x:48:\napp:x:1001:\nnginx:x:102:\n")
            .Write("etc/nginx/nginx.conf", $"{userLine}worker_processes auto;\nevents {{}}\nhttp {{\n    include /etc/nginx/conf.d/*.conf;\n}}\n")
            .Write("etc/nginx/conf.d/app.conf", "server {\n    listen 80;\n    root /srv/app/public;\n    location ~ \\.php$ {\n        fastcgi_pass unix:/run/php/app.sock;\n    }\n}\n")
            .Write("etc/php/8.3/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.3-fpm.pid\ninclude=/etc/php/8.3/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.3/fpm/pool.d/app.conf", $"[app]\nuser = app\ngroup = app\nlisten = /run/php/app.sock\nlisten.owner = {owner}\nlisten.group = {owner}\nlisten.mode = 0660\npm = static\npm.max_children = 2\npm.max_requests = 500\n")
            .Write("lib/systemd/system/php8.3-fpm.service", "[Service]\nType=notify\nExecStart=/usr/sbin/php-fpm8.3 --nodaemonize --fpm-config /etc/php/8.3/fpm/php-fpm.conf\nRuntimeDirectory=php\n\n[Install]\nWantedBy=multi-user.target\n")
            .Link("etc/systemd/system/multi-user.target.wants/php8.3-fpm.service", "/lib/systemd/system/php8.3-fpm.service");
    }

    private static (List<Diagnostic> Findings, List<string> Notes) Lint(TempTree tree)
    {
        var result = Linter.Run(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty, RuleSelection.Parse("CL003", null));
        return (result.Diagnostics.Where(d => d.Severity >= Severity.Warning).ToList(), result.Notes.ToList());
    }

    private static string BuildNote(List<string> notes) =>
        Assert.Single(notes, n => n.Contains("CL003 did not judge PHP 8.3 pool 'app': nginx sets no 'user'", StringComparison.Ordinal));

    [Fact]
    public void Nginx_orgs_unit_shows_workers_run_as_nginx_so_a_socket_made_for_nginx_is_fine()
    {
        // The Trellis repro: Ubuntu's os-release alone said 'nobody' and CL003 reported an error.
        using var tree = Tree().Write("lib/systemd/system/nginx.service", NginxOrgUnit);
        var (findings, notes) = Lint(tree);
        Assert.Empty(findings);
        Assert.DoesNotContain(notes, n => n.Contains("nginx sets no 'user'", StringComparison.Ordinal));
    }

    [Fact]
    public void Nginx_orgs_unit_names_nginx_and_why_when_the_socket_shuts_it_out()
    {
        using var tree = Tree(owner: "www-data").Write("usr/lib/systemd/system/nginx.service", NginxOrgUnit.Replace("https://", "http://", StringComparison.Ordinal));
        var (findings, _) = Lint(tree);
        var finding = Assert.Single(findings);
        Assert.Equal(("CL003", Severity.Error), (finding.Code, finding.Severity));
        Assert.Equal(4, finding.Location.Start.Line);
        Assert.Contains("'nginx' (nginx.org's package, built with --user=nginx --group=nginx (usr/lib/systemd/system/nginx.service:3: Documentation=http://nginx.org/en/docs/); no 'user' directive)", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("etc/apt/sources.list.d/nginx.list", "deb [signed-by=/usr/share/keyrings/nginx-archive-keyring.gpg] http://nginx.org/packages/mainline/ubuntu noble nginx\n", 1)]
    [InlineData("etc/apt/sources.list.d/nginx.sources", "Types: deb\nURIs: https://nginx.org/packages/ubuntu\nSuites: noble\nComponents: nginx\nSigned-By: /usr/share/keyrings/nginx-archive-keyring.gpg\n", 2)]
    [InlineData("etc/apt/sources.list", "deb http://archive.ubuntu.com/ubuntu noble main\ndeb http://nginx.org/packages/ubuntu noble nginx\n", 2)]
    public void Nginx_orgs_package_source_shows_the_build(string path, string content, int line)
    {
        using var tree = Tree(owner: "www-data", nginxAccount: PlainAccount).Write(path, content);
        var (findings, _) = Lint(tree);
        var finding = Assert.Single(findings);
        Assert.Contains($"'nginx' (nginx.org's package, built with --user=nginx --group=nginx ({path}:{line}: ", finding.Message, StringComparison.Ordinal);

        // The socket made for nginx is then fine.
        using var fine = Tree(nginxAccount: PlainAccount).Write(path, content);
        Assert.Empty(Lint(fine).Findings);
    }

    [Theory]
    [InlineData("etc/apt/sources.list.d/nginx.list", "# deb http://nginx.org/packages/ubuntu noble nginx\ndeb-src http://nginx.org/packages/ubuntu noble nginx\n")]
    [InlineData("etc/apt/sources.list.d/nginx.sources", "Types: deb\nURIs: https://nginx.org/packages/ubuntu\nSuites: noble\nComponents: nginx\nEnabled: no\n")]
    [InlineData("etc/apt/sources.list.d/nginx.sources", "Types: deb-src\nURIs: https://nginx.org/packages/ubuntu\nSuites: noble\nComponents: nginx\n")]
    public void A_commented_disabled_or_source_only_entry_is_no_package_source(string path, string content)
    {
        // Ubuntu's package then, as before: nobody, shut out of a socket made for nginx.
        using var tree = Tree(nginxAccount: PlainAccount).Write(path, content);
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Contains("'nobody' (nginx's default (no 'user' directive))", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yum_repo_section_turned_off_is_no_source_but_an_enabled_one_is()
    {
        const string Repo = "[nginx-stable]\nname=nginx stable repo\nbaseurl=http://nginx.org/packages/centos/$releasever/$basearch/\nenabled={0}\n\n[nginx-mainline]\nname=nginx mainline repo\nbaseurl=http://nginx.org/packages/mainline/centos/$releasever/$basearch/\nenabled=0\n";

        // On an unknown distribution only the source tells the build.
        const string Other = "ID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\n";
        using var on = Tree(Other, owner: "www-data", nginxAccount: PlainAccount).Write("etc/yum.repos.d/nginx.repo", string.Format(System.Globalization.CultureInfo.InvariantCulture, Repo, 1));
        Assert.Contains("(etc/yum.repos.d/nginx.repo:3: baseurl=http://nginx.org/packages/centos/", Assert.Single(Lint(on).Findings).Message, StringComparison.Ordinal);

        using var off = Tree(Other, owner: "www-data", nginxAccount: PlainAccount).Write("etc/yum.repos.d/nginx.repo", string.Format(System.Globalization.CultureInfo.InvariantCulture, Repo, 0));
        var (findings, notes) = Lint(off);
        Assert.Empty(findings);
        Assert.Contains("whose nginx package's --user ConfLint does not know", BuildNote(notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Nginx_orgs_source_beside_debians_unit_leaves_the_build_unknown()
    {
        using var tree = Tree()
            .Write("etc/apt/sources.list.d/nginx.list", "deb http://nginx.org/packages/ubuntu noble nginx\n")
            .Write("lib/systemd/system/nginx.service", DebianUnit);
        var (findings, notes) = Lint(tree);
        Assert.Empty(findings);
        var note = BuildNote(notes);
        Assert.Contains("it shows nginx.org's package (etc/apt/sources.list.d/nginx.list:1: deb http://nginx.org/packages/ubuntu noble nginx) and Debian's (lib/systemd/system/nginx.service:3: Documentation=man:nginx(8))", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Nginx_orgs_account_alone_against_ubuntus_package_leaves_the_build_unknown()
    {
        using var tree = Tree();
        var (findings, notes) = Lint(tree);
        Assert.Empty(findings);
        Assert.Contains("the root has user nginx with home /nonexistent, as nginx.org's package makes it, while the ubuntu nginx package is built without --user", BuildNote(notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Nginx_orgs_default_conf_without_sites_enabled_alone_leaves_the_build_unknown()
    {
        using var tree = Tree(nginxAccount: PlainAccount)
            .Write("etc/nginx/conf.d/default.conf", "server {\n    listen 81;\n    server_name localhost;\n    location / {\n        root /usr/share/nginx/html;\n        index index.html;\n    }\n}\n");
        var (findings, notes) = Lint(tree);
        Assert.Empty(findings);
        Assert.Contains("etc/nginx/conf.d/default.conf serves /usr/share/nginx/html and there is no /etc/nginx/sites-enabled", BuildNote(notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Debians_unit_keeps_nobody_over_the_account_hint()
    {
        // Control: Debian's package (its unit) built without --user, whatever account the host has.
        using var tree = Tree().Write("lib/systemd/system/nginx.service", DebianUnit);
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("'nobody' (nginx's default (no 'user' directive)) is neither the owner nor in group 'nginx'", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ubuntu_without_any_package_evidence_is_still_nobody()
    {
        using var tree = Tree(nginxAccount: PlainAccount);
        Assert.Contains("'nobody' (nginx's default (no 'user' directive))", Assert.Single(Lint(tree).Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_line_always_wins_over_the_build()
    {
        using var tree = Tree(userLine: "user www-data;\n").Write("lib/systemd/system/nginx.service", NginxOrgUnit);
        var finding = Assert.Single(Lint(tree).Findings);
        Assert.Contains("'www-data' (nginx 'user' directive)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rhels_package_is_nginx_with_or_without_nginx_orgs_hints()
    {
        using var fine = Tree(Rhel, nginxAccount: "nginx:x:994:102:Nginx web server:/var/lib/nginx:/sbin/nologin\n");
        Assert.Empty(Lint(fine).Findings);

        using var shut = Tree(Rhel, owner: "apache", nginxAccount: "nginx:x:994:102:nginx user:/var/cache/nginx:/sbin/nologin\n");
        Assert.Contains("'nginx' (the rhel nginx package's build user; no 'user' directive)", Assert.Single(Lint(shut).Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_distribution_whose_package_is_not_known_leaves_the_build_unknown()
    {
        using var tree = Tree("ID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\n", owner: "www-data", nginxAccount: PlainAccount);
        var (findings, notes) = Lint(tree);
        Assert.Empty(findings);
        Assert.Contains("its /etc/os-release names a distribution whose nginx package's --user ConfLint does not know", BuildNote(notes), StringComparison.Ordinal);
    }
}
