using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.RealConfigs;

/// <summary>
/// Deployment shapes met linting public repositories that ConfLint misjudged (precision, round 4); each tree in
/// <c>RealConfigs/Deployments</c> reproduces the facts in text written here (its README says which).
/// </summary>
public class DeploymentShapesTests
{
    private static string Tree(string name) => Path.Combine(Repository.Root, "tests", "ConfLint.Tests", "RealConfigs", "Deployments", name);

    private static (List<(string Path, string Kind)> Files, List<(string Code, string Severity, string Path, string Message)> Findings, string Notes) Lint(string workingDirectory, params string[] args)
    {
        var output = CliRunner.RunIn(workingDirectory, ["lint", .. args, "--format", "json", "--verbose", "--exit-zero"]);
        Assert.True(output.ExitCode == 0, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        var files = json.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => (f.GetProperty("path").GetString()!, f.GetProperty("kind").GetString()!)).ToList();
        var findings = json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (d.GetProperty("code").GetString()!, d.GetProperty("severity").GetString()!, d.GetProperty("path").GetString()!, d.GetProperty("message").GetString()!)).ToList();
        return (files, findings, output.Stderr);
    }

    /// <summary>nginx's ngx_parse_url reads whatever follows <c>unix:</c> as a socket's path, so
    /// <c>uwsgi_pass unix:///tmp/uwsgi.sock</c> (the uwsgi-nginx images' spelling) is a socket, not an upstream without a
    /// port; <c>nginx -t</c> accepts it. It was CL000 "no port in upstream".</summary>
    [Fact]
    public void A_socket_written_with_three_slashes_is_a_socket_not_an_upstream()
    {
        var (files, findings, _) = Lint(Repository.Root, "--root", Tree("uwsgi-socket-image"));
        Assert.Contains(("etc/nginx/conf.d/app.conf", "nginx"), files);
        Assert.DoesNotContain(findings, f => f.Code == "CL000");
        Assert.DoesNotContain(findings, f => f.Message.Contains("no port in upstream", StringComparison.Ordinal));
    }

    /// <summary>Other programs' INI files share some of PHP-FPM's keys (vsftpd's <c>listen=YES</c>, stunnel's <c>pid</c>),
    /// and a Zabbix agent or Fluent Bit keeps its file about PHP-FPM as <c>php-fpm.conf</c> in its own <c>.d</c> folder:
    /// none is PHP-FPM's (they gave hundreds of "unknown entry" and '#' errors). A pool file outside the usual folders is
    /// still told by its keys.</summary>
    [Fact]
    public void Other_programs_ini_files_and_drop_ins_named_php_fpm_are_not_php_fpm()
    {
        var tree = Tree("ini-neighbours");
        var (files, findings, _) = Lint(Path.GetDirectoryName(tree)!, Path.GetFileName(tree));
        Assert.Equal([("ini-neighbours/deploy/app-pool.conf", "php-fpm")], files.Where(f => f.Kind == "php-fpm"));
        Assert.DoesNotContain(files, f => f.Path.Contains("vsftpd", StringComparison.Ordinal) || f.Path.Contains("stunnel", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Code == "CL000");
    }

    /// <summary>An image's start script fills <c>{UPPER_NAME}</c> in its nginx files with sed (zabbix's web images:
    /// <c>server_tokens {EXPOSE_WEB_SERVER_INFO};</c>). nginx would take the <c>{</c> for a block, so the text is a template
    /// another program fills in, skipped with a note like an envsubst one (it was CL000); a <c>{NAME}</c> inside quotes is
    /// nginx's own text.</summary>
    [Fact]
    public void A_sed_placeholder_in_braces_marks_an_nginx_template()
    {
        var (_, findings, notes) = Lint(Repository.Root, "--root", Tree("sed-filled-nginx"));
        Assert.DoesNotContain(findings, f => f.Code == "CL000");
        Assert.Contains("etc/nginx/nginx.conf: a template another program fills in ('{EXPOSE_SERVER_INFO}' at line 10), not nginx configuration; skipped", notes, StringComparison.Ordinal);

        using var repository = new TempTree()
            .Write("repo/docker/nginx/site.conf", File.ReadAllText(Path.Combine(Tree("sed-filled-nginx"), "etc/nginx/http.d/site.conf")))
            .Write("repo/docker/nginx/health.conf", "server {\n    listen 127.0.0.1:8081;\n    location = /health {\n        return 200 '{\"status\": \"{OK}\"}';\n    }\n}\n");
        var (files, walked, walkNotes) = Lint(repository.Root, "repo");
        Assert.Equal([("repo/docker/nginx/health.conf", "nginx")], files);
        Assert.DoesNotContain(walked, f => f.Code == "CL000");
        Assert.Contains("repo/docker/nginx/site.conf: a template another program fills in ('{INDEX_FILE}' at line 4), not nginx configuration; skipped", walkNotes, StringComparison.Ordinal);
    }

    /// <summary>On the server a backslash is a character of a file name: nginx's <c>include conf.d/*.conf</c> reads
    /// <c>conf.d/a\b.conf</c> (glob(3) returns the name as it is), and <c>nginx -t</c> reports its errors. ConfLint took
    /// the backslash for a separator and never read the file.</summary>
    [Fact]
    public void An_include_glob_reads_a_file_whose_name_holds_a_backslash()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/a\\b.conf", "server {\n    listen 80;\n    location / {\n        proxy_pas http://127.0.0.1:8080;\n    }\n}\n")
            .Write("etc/nginx/conf.d/plain.conf", "server {\n    listen 8080;\n    return 204;\n}\n");
        var (files, findings, _) = Lint(Repository.Root, "--root", tree.Root);
        Assert.Contains(("etc/nginx/conf.d/a\\b.conf", "nginx"), files);
        Assert.Contains(findings, f => f.Code == "CL000" && f.Path == "etc/nginx/conf.d/a\\b.conf" && f.Message.Contains("proxy_pas", StringComparison.Ordinal));
    }

    /// <summary>A repository holding two Compose projects, each nginx in front of php-fpm reached as <c>php:9000</c>: a front
    /// end in a container reaches through Docker's DNS only what runs in a service answering the name, so neither the
    /// other project's pool nor a pool file no service mounts (a <c>zz-docker.conf</c> kept beside the Compose file) is
    /// reached, though each listens on 9000 on every address. CL011 named the other project's <c>fastcgi_pass</c> as
    /// reaching such a pool.</summary>
    [Fact]
    public void A_front_end_in_a_container_reaches_only_the_pools_of_the_service_it_names()
    {
        var tree = Tree("two-compose-projects");
        var (_, findings, notes) = Lint(Path.GetDirectoryName(tree)!, Path.GetFileName(tree));
        Assert.DoesNotContain(findings, f => f.Path.EndsWith("zz-docker.conf", StringComparison.Ordinal));
        Assert.Contains("two-compose-projects/shop/php/zz-docker.conf: CL011 did not judge pool 'www': no front end of this host reaches it", notes, StringComparison.Ordinal);

        // The pool the blog's php service mounts is still reached by the blog's nginx (CL008 goes on to ask for memory).
        Assert.Contains("two-compose-projects/blog/php/www.conf: CL008 did not judge pool 'www': the host's memory is unknown", notes, StringComparison.Ordinal);
    }

    /// <summary>A provisioning repository walked as a folder (round 5): a shell's <c>alias</c> file (no extension, and
    /// <c>alias</c> is Apache's <c>Alias</c> in another case), OpenBSD's <c>httpd.conf</c> (its own program, with
    /// <c>server "x" {</c> blocks), a Salt state (<c>.sls</c>: YAML and Jinja under a folder named fpm) are no Apache or
    /// PHP-FPM file; a PHP-FPM pool kept among nginx's files is PHP-FPM's, and the site reaching its port is no CL001; a
    /// Compose file a shell here-document writes (<c>\$</c>, which YAML refuses) is the generator's template.</summary>
    [Fact]
    public void A_provisioning_repository_s_scripts_states_and_foreign_httpd_conf_are_not_apache_or_php_fpm()
    {
        var tree = Tree("repo-neighbours");
        var (files, findings, notes) = Lint(Path.GetDirectoryName(tree)!, Path.GetFileName(tree));
        Assert.DoesNotContain(files, f => f.Path.Contains("provision/", StringComparison.Ordinal));
        Assert.Contains(("repo-neighbours/web/nginx/pools/shop.conf", "php-fpm"), files);
        Assert.Contains(("repo-neighbours/web/nginx/sites/shop.conf", "nginx"), files);
        Assert.DoesNotContain(findings, f => f.Severity != "info");
        Assert.Contains("repo-neighbours/generator/docker-compose.yml: a template another program fills in ('\\$' at line 4), not compose configuration; skipped", notes, StringComparison.Ordinal);

        // A file of Apache's directives, spelled as Apache's are, is still told by its content.
        using var other = new TempTree()
            .Write("srv/vhost.conf", "Alias /static /srv/app/static\n<Directory /srv/app/static>\n    Require all granted\n</Directory>\n");
        var (otherFiles, _, _) = Lint(other.Root, "srv");
        Assert.Equal([("srv/vhost.conf", "apache")], otherFiles);
    }

    /// <summary>An image's entrypoint runs nginx.conf through envsubst with the lower-case names it documents
    /// (<c>client_max_body_size ${upload_limit};</c>, <c>fastcgi_read_timeout $php_read_timeout;</c>): a directive that
    /// reads a size or a time takes no variable (nginx says "invalid value"), so the file is the template, skipped with a
    /// note instead of three CL000 errors. A variable where nginx takes one stays nginx's.</summary>
    [Fact]
    public void A_variable_where_nginx_takes_none_marks_an_envsubst_template()
    {
        var (files, findings, notes) = Lint(Repository.Root, "--root", Tree("envsubst-lowercase"));
        Assert.DoesNotContain(findings, f => f.Code == "CL000");
        Assert.DoesNotContain(files, f => f.Path == "etc/nginx/nginx.conf");
        Assert.Contains("etc/nginx/nginx.conf: a template another program fills in ('${upload_limit}' at line 18), not nginx configuration; skipped", notes, StringComparison.Ordinal);

        using var plain = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        set $docroot /srv/www;\n        root $docroot;\n        proxy_read_timeout 90s;\n        location / { proxy_pass http://127.0.0.1:8080$request_uri; }\n    }\n}\n");
        var (plainFiles, _, plainNotes) = Lint(Repository.Root, "--root", plain.Root);
        Assert.Contains(("etc/nginx/nginx.conf", "nginx"), plainFiles);
        Assert.DoesNotContain("a template another program fills in", plainNotes, StringComparison.Ordinal);

        // The same mistake by hand in a file nginx reads is still nginx's refusal when the directive is an include's.
        using var broken = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/site.conf", "server {\n    listen 80;\n    client_max_body_size $size;\n}\n");
        var (_, brokenFindings, _) = Lint(Repository.Root, "--root", broken.Root);
        Assert.Contains(brokenFindings, f => f.Code == "CL000" && f.Path == "etc/nginx/conf.d/site.conf");
    }

    /// <summary>A front door ConfLint does not read stands between nginx and the app (gitlab-workhorse's shape: a Go
    /// program under supervisord listening on <c>-listenAddr ":8181"</c>, puma behind it on 8080). nginx reaching 8181 is
    /// not "nothing listens there": the program's command line names that port. A port no program names is not judged either
    /// where the one candidate is reached through the program (its command line names puma's address).</summary>
    [Fact]
    public void A_program_ConfLint_does_not_read_may_listen_on_the_port_its_command_line_names()
    {
        var tree = Tree("proxy-in-the-middle");
        var (_, findings, notes) = Lint(Repository.Root, "--root", tree);
        Assert.DoesNotContain(findings, f => f.Code == "CL001");
        Assert.Contains("etc/nginx/sites-enabled/forge:3: CL001 did not judge 127.0.0.1:8181: supervisord program 'door' runs a program ConfLint does not read, and its command line or environment names port 8181 (':8181')", notes, StringComparison.Ordinal);

        using var seeded = new TempTree();
        foreach (var file in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(tree, file);
            seeded.Write(relative, File.ReadAllText(file).Replace("127.0.0.1:8181", "127.0.0.1:8282", StringComparison.Ordinal));
        }

        // A port no program names, puma reached through the door (its -authBackend names puma's address): the drift is
        // not judged, and puma is never offered as the site's back end (that advice sent the site past the door).
        var (_, seededFindings, seededNotes) = Lint(Repository.Root, "--root", seeded.Root);
        Assert.DoesNotContain(seededFindings, f => f.Code == "CL001");
        Assert.Contains("CL001 did not judge 127.0.0.1:8282: supervisord program 'rails' may be reached through another program: supervisord program 'door' runs a program ConfLint does not read, and its command line or environment names port 8080 ('http://127.0.0.1:8080')", seededNotes, StringComparison.Ordinal);

        // The same under systemd: a relay service whose ExecStart names its listening address.
        using var units = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location / { proxy_pass http://127.0.0.1:7000; }\n    }\n}\n")
            .Write("etc/systemd/system/relay.service", "[Service]\nExecStart=/usr/local/bin/relay --listen 127.0.0.1:7000 --to 127.0.0.1:8000\nRestart=on-failure\n")
            .Write("etc/systemd/system/app.service", "[Service]\nWorkingDirectory=/srv/app\nExecStart=/srv/app/venv/bin/gunicorn -b 127.0.0.1:8000 app:app\nRestart=on-failure\n");
        var (_, unitFindings, unitNotes) = Lint(Repository.Root, "--root", units.Root);
        Assert.DoesNotContain(unitFindings, f => f.Code == "CL001");
        Assert.Contains("service 'relay.service' runs a program ConfLint does not read, and its command line or environment names port 7000 ('127.0.0.1:7000')", unitNotes, StringComparison.Ordinal);
    }

    /// <summary>An authenticating proxy ConfLint does not read (oauth2-proxy) between nginx and Grafana, its address in its
    /// own file (<c>--config=FILE</c>): nginx reaching 4180 while Grafana sits on 3000, reached by no front end and tied to
    /// the site by name, was an error with a safe fix that pointed the site past the login. The file's
    /// <c>http_address</c> is where the program listens; without it, its <c>upstreams</c> naming Grafana's address say
    /// that Grafana is reached through it; without the file in the root, where it listens is not known (info, advice
    /// only); and where no file of it names an address, it listens on its own default (4180), where nginx connects.</summary>
    [Fact]
    public void A_program_ConfLint_does_not_read_may_listen_where_its_own_file_says()
    {
        const string Nginx = "events {}\nhttp {\n    upstream grafana { server 127.0.0.1:4180; }\n    server {\n        listen 80;\n        server_name grafana.example.com;\n        location / { proxy_pass http://grafana; }\n    }\n}\n";
        const string Proxy = "[Service]\nUser=oauth2-proxy\nExecStart=/usr/local/bin/oauth2-proxy --config=/etc/oauth2-proxy/oauth2-proxy.cfg\nRestart=always\n";
        TempTree Host(string? config)
        {
            var tree = new TempTree()
                .Write("etc/nginx/nginx.conf", Nginx)
                .Write("etc/grafana/grafana.ini", "[server]\nhttp_addr = 127.0.0.1\nhttp_port = 3000\n")
                .Write("lib/systemd/system/grafana-server.service", "[Service]\nUser=grafana\nExecStart=/usr/share/grafana/bin/grafana server --config=/etc/grafana/grafana.ini --homepath=/usr/share/grafana\nRestart=on-failure\n")
                .Write("lib/systemd/system/oauth2-proxy.service", Proxy);
            return config is null ? tree : tree.Write("etc/oauth2-proxy/oauth2-proxy.cfg", config);
        }

        using var listening = Host("# the address the proxy serves\nhttp_address = \"127.0.0.1:4180\"\nupstreams = [ \"http://127.0.0.1:3000/\" ]\ncookie_secret = \"0123456789abcdef0123456789abcdef\"\n");
        var (_, findings, notes) = Lint(Repository.Root, "--root", listening.Root);
        Assert.DoesNotContain(findings, f => f.Code == "CL001");
        Assert.Contains("CL001 did not judge 127.0.0.1:4180: service 'oauth2-proxy.service' runs a program ConfLint does not read, and /etc/oauth2-proxy/oauth2-proxy.cfg, a file its command line or environment names, names port 4180 at line 2 ('127.0.0.1:4180')", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", notes, StringComparison.Ordinal);

        // The proxy on its default address, its file naming only the application behind it.
        using var chained = Host("upstreams = [ \"http://127.0.0.1:3000/\" ]\n");
        (_, findings, notes) = Lint(Repository.Root, "--root", chained.Root);
        Assert.DoesNotContain(findings, f => f.Code == "CL001");
        Assert.Contains("may be reached through another program: service 'oauth2-proxy.service' runs a program ConfLint does not read, and /etc/oauth2-proxy/oauth2-proxy.cfg, a file its command line or environment names, names port 3000 at line 1", notes, StringComparison.Ordinal);

        // Its file not in the root: info, with advice only.
        using var unseen = Host(null);
        (_, findings, _) = Lint(Repository.Root, "--root", unseen.Root);
        var info = Assert.Single(findings, f => f.Code == "CL001");
        Assert.Equal("info", info.Severity);
        Assert.Contains("whose file /etc/oauth2-proxy/oauth2-proxy.cfg is not in the root: it may be what listens there", info.Message, StringComparison.Ordinal);
        var dryRun = CliRunner.Run("fix", "--dry-run", "--root", unseen.Root, "--select", "CL001");
        Assert.DoesNotContain("+++ ", dryRun.Stdout, StringComparison.Ordinal);

        // A file that names neither address: the proxy listens on its own default, 127.0.0.1:4180, where nginx connects.
        using var silent = Host("provider = \"github\"\nemail_domains = [ \"example.com\" ]\n");
        (_, findings, notes) = Lint(Repository.Root, "--root", silent.Root);
        Assert.DoesNotContain(findings, f => f.Code == "CL001");
        Assert.Contains("service 'oauth2-proxy.service' runs oauth2-proxy, which ConfLint does not read and which listens on port 4180 by default", notes, StringComparison.Ordinal);
    }

    /// <summary>Arch Linux: PHP-FPM's main file is <c>/etc/php/php-fpm.conf</c> (pools in <c>php-fpm.d</c>, php.ini beside
    /// it), and nginx's package is built with <c>--user=http</c> and ships its <c>user</c> line commented out, so workers
    /// run as http and can open the <c>http:http 0660</c> socket. ConfLint found no pool there, and would have called the
    /// socket closed to 'nobody'. Seeded breakages are found: a wrong socket, a socket owned by root. Without
    /// <c>/etc/os-release</c> the build, and so the default user, is unknown: not judged.</summary>
    [Fact]
    public void Arch_linux_keeps_php_fpm_in_etc_php_and_runs_nginx_as_http()
    {
        var tree = Tree("arch-nginx-php-fpm");
        var (files, findings, notes) = Lint(Repository.Root, "--root", tree);
        Assert.Contains(("etc/php/php-fpm.d/www.conf", "php-fpm"), files);
        Assert.DoesNotContain(findings, f => f.Severity != "info");
        Assert.Contains("etc/php/php-fpm.d/www.conf: CL008 did not judge pool 'www'", notes, StringComparison.Ordinal);

        TempTree Seeded(Func<string, string, string> change)
        {
            var copy = new TempTree();
            foreach (var file in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(tree, file).Replace('\\', '/');
                copy.Write(relative, change(relative, File.ReadAllText(file)));
            }

            return copy;
        }

        using (var socket = Seeded((path, text) => path == "etc/nginx/nginx.conf" ? text.Replace("php-fpm/php-fpm.sock", "php-fpm/php.sock", StringComparison.Ordinal) : text))
        {
            Assert.Contains(Lint(Repository.Root, "--root", socket.Root).Findings, f => f.Code == "CL001" && f.Severity == "error");
        }

        using (var owner = Seeded((path, text) => path.EndsWith("www.conf", StringComparison.Ordinal) ? text.Replace("listen.owner = http", "listen.owner = root", StringComparison.Ordinal).Replace("listen.group = http", "listen.group = root", StringComparison.Ordinal) : text))
        {
            Assert.Contains(Lint(Repository.Root, "--root", owner.Root).Findings, f => f.Code == "CL003" && f.Message.Contains("'http' (the arch nginx package's build user", StringComparison.Ordinal));
        }

        using var unknown = Seeded((path, text) => path == "etc/os-release" ? string.Empty : text);
        var (_, unknownFindings, unknownNotes) = Lint(Repository.Root, "--root", unknown.Root);
        Assert.DoesNotContain(unknownFindings, f => f.Code == "CL003");
        Assert.Contains("CL003 did not judge pool 'www': nginx sets no 'user', so its workers run as its build's user", unknownNotes, StringComparison.Ordinal);
    }

    /// <summary>One upstream <c>server</c> line that no back end listens on, used by several passes (centminmod's
    /// <c>fastcgi_pass dft_php</c> in each site, funkwhale's four <c>proxy_pass http://funkwhale-api/...</c>), is one
    /// mistake: CL001 reports it once, where it is written, not once per pass.</summary>
    [Fact]
    public void An_upstream_server_no_back_end_listens_on_is_reported_once_whatever_the_passes_using_it()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    upstream php {\n        server 127.0.0.1:9010;\n    }\n"
                + "    server {\n        listen 80;\n        root /srv/www;\n        location ~ \\.php$ {\n            fastcgi_pass php;\n            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        }\n"
                + "        location /status.php {\n            fastcgi_pass php;\n            fastcgi_param SCRIPT_FILENAME $document_root/status.php;\n        }\n    }\n"
                + "    server {\n        listen 8080;\n        root /srv/admin;\n        location ~ \\.php$ {\n            fastcgi_pass php;\n            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        }\n    }\n}\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 4\npm.max_requests = 500\n");
        var (_, findings, _) = Lint(Repository.Root, "--root", tree.Root);
        var cl001 = Assert.Single(findings, f => f.Code == "CL001");
        Assert.Equal("error", cl001.Severity);
        Assert.Contains("127.0.0.1:9010", cl001.Message, StringComparison.Ordinal);
    }

    /// <summary>One php-fpm per site (Arch Linux's infrastructure): a template <c>php-fpm@.service</c> runs
    /// <c>--fpm-config /etc/php/php-fpm.d/%i.conf</c> as <c>User=%i</c>, started by the enabled socket instance
    /// <c>php-fpm@wiki.socket</c>, whose socket it inherits (FPM_SOCKETS). The service instance runs though no link names
    /// it, its own php-fpm file holds the pool, its user is the instance's name, and php-fpm does not chown an inherited
    /// socket: no CL003 ("runs as '%i'" was one), no CL007 (socket-activated). A wrong socket in nginx is CL001; before,
    /// no pool was read and nothing was judged.</summary>
    [Fact]
    public void A_socket_activated_php_fpm_instance_reads_the_file_its_command_names()
    {
        var tree = Tree("php-fpm-socket-instances");
        var (files, findings, notes) = Lint(Repository.Root, "--root", tree);
        Assert.Contains(("etc/php/php-fpm.d/wiki.conf", "php-fpm"), files);
        Assert.DoesNotContain(findings, f => f.Severity != "info");
        Assert.Contains("CL007 leaves php-fpm@wiki.service alone: it is socket-activated", notes, StringComparison.Ordinal);
        Assert.Contains("etc/php/php-fpm.d/wiki.conf: CL003 did not judge pool 'wiki': its socket is handed to php-fpm (socket 'php-fpm@wiki.socket';", notes, StringComparison.Ordinal);

        using var seeded = new TempTree();
        foreach (var file in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(tree, file).Replace('\\', '/');
            if (!relative.Contains("sockets.target.wants", StringComparison.Ordinal))
            {
                seeded.Write(relative, File.ReadAllText(file).Replace("unix:///run/php-fpm/wiki.socket", "unix:///run/php-fpm/wiki.sock", StringComparison.Ordinal));
            }
        }

        Directory.CreateDirectory(Path.Combine(seeded.Root, "etc/systemd/system/sockets.target.wants"));
        File.CreateSymbolicLink(Path.Combine(seeded.Root, "etc/systemd/system/sockets.target.wants/php-fpm@wiki.socket"), "../php-fpm@.socket");
        var seededFindings = Lint(Repository.Root, "--root", seeded.Root).Findings;
        Assert.Contains(seededFindings, f => f.Code == "CL001" && f.Severity == "error" && f.Message.Contains("/run/php-fpm/wiki.sock", StringComparison.Ordinal));
    }

    /// <summary>A cookbook or installer repository walked as a folder (round 6): a Ruby tool's <c>Guardfile</c> (<c>require
    /// "gem"</c>), OpenLDAP's <c>slapd.conf</c> (<c>include ...schema</c>, <c>require LDAPv3</c>) and dovecot's
    /// <c>conf.d</c> files (<c>protocol sieve {</c>, <c>service x {</c>: nginx's <c>protocol</c> takes a value and opens no
    /// block) are no Apache or nginx file; they gave "Require not allowed here" and "directive protocol is not terminated".
    /// An Apache site whose first directive is <c>&lt;VirtualHost&gt;</c> is still Apache's, and so is a file whose first
    /// line is <c>Require all granted</c>.</summary>
    [Fact]
    public void Ruby_tool_files_ldap_and_dovecot_files_are_not_apache_or_nginx()
    {
        var tree = Tree("cookbook-neighbours");
        var (files, findings, notes) = Lint(Path.GetDirectoryName(tree)!, Path.GetFileName(tree));
        Assert.Equal([("cookbook-neighbours/files/web/site.conf", "apache")], files);
        Assert.DoesNotContain(findings, f => f.Code == "CL000");
        Assert.Contains("cookbook-neighbours/files/dovecot/conf.d/20-sieve.conf: looked like nginx configuration but its directives are not nginx's (no directive of the file is one nginx has, in nginx's shape ('protocol' at line 8 opens a block))", notes, StringComparison.Ordinal);

        using var other = new TempTree()
            .Write("srv/access.conf", "Require all granted\nOptions -Indexes\n")
            .Write("srv/mail.conf", "protocol imap;\nlisten 143;\n");
        var (otherFiles, _, _) = Lint(other.Root, "srv");
        Assert.Contains(("srv/access.conf", "apache"), otherFiles);
        Assert.Contains(("srv/mail.conf", "nginx"), otherFiles);
    }

    /// <summary>Images and installers fill <c>@NAME@</c> (librenms' image: <c>pm.max_children = @FPM_PM_MAX_CHILDREN@</c>,
    /// <c>client_max_body_size @UPLOAD_MAX_SIZE@;</c>) and bare capitals (iRedMail: <c>pm.max_children =
    /// PH_PHP_FPM_POOL_MAX_CHILDREN</c>) before the daemon reads the file: templates, skipped with a note, not a dozen CL000
    /// errors. nginx's named location <c>@fallback</c> is no placeholder, and a word where php-fpm reads a number is still
    /// php-fpm's refusal when it is no placeholder.</summary>
    [Fact]
    public void At_and_capital_placeholders_mark_templates()
    {
        var tree = Tree("at-and-capital-placeholders");
        var (files, findings, notes) = Lint(Path.GetDirectoryName(tree)!, Path.GetFileName(tree));
        Assert.Empty(files);
        Assert.DoesNotContain(findings, f => f.Code == "CL000");
        Assert.Contains("at-and-capital-placeholders/image/etc/php83/php-fpm.d/www.conf: a template another program fills in ('@FPM_MAX_CHILDREN@' at line 8), not php-fpm configuration; skipped", notes, StringComparison.Ordinal);
        Assert.Contains("at-and-capital-placeholders/installer/php/pool.d/www.conf: a template another program fills in ('PH_POOL_MAX_CHILDREN' at line 7), not php-fpm configuration; skipped", notes, StringComparison.Ordinal);
        Assert.Contains("at-and-capital-placeholders/image/etc/nginx/nginx.conf: a template another program fills in ('@UPLOAD_MAX_SIZE@' at line 7)", notes, StringComparison.Ordinal);

        using var plain = new TempTree()
            .Write("srv/site.conf", "server {\n    listen 8080;\n    location / { try_files $uri @app; }\n    location @app { proxy_pass http://127.0.0.1:8000; }\n}\n")
            .Write("srv/pool.d/www.conf", "[www]\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = lots\n");
        var (plainFiles, plainFindings, _) = Lint(plain.Root, "srv");
        Assert.Contains(("srv/site.conf", "nginx"), plainFiles);
        Assert.Contains(plainFindings, f => f.Code == "CL000" && f.Path == "srv/pool.d/www.conf" && f.Message.Contains("pm.max_children", StringComparison.Ordinal));
    }

    /// <summary>bookwyrm's shape: the upstreams (<c>upstream web { server web:8000; }</c>) sit in a file the nginx image fills
    /// with envsubst, skipped as a template, and the mounted <c>locations</c> file says <c>proxy_pass http://web;</c>. 'web'
    /// may be that upstream, so it is not "a host name resolved once" (six CL004 warnings); a host with its port is.</summary>
    [Fact]
    public void A_bare_name_in_a_lone_file_may_be_an_upstream_of_a_skipped_template()
    {
        var tree = Tree("upstream-in-template");
        var (_, findings, notes) = Lint(Path.GetDirectoryName(tree)!, Path.GetFileName(tree));
        Assert.DoesNotContain(findings, f => f.Code == "CL004");
        Assert.Contains("upstream-in-template/nginx/locations:2: CL004 not judged: 'web' may be an upstream of a file ConfLint did not read", notes, StringComparison.Ordinal);

        using var withPort = new TempTree();
        foreach (var file in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(tree, file).Replace('\\', '/');
            withPort.Write(relative, File.ReadAllText(file).Replace("proxy_pass http://web;", "proxy_pass http://web:8000;", StringComparison.Ordinal));
        }

        var (_, portFindings, _) = Lint(withPort.Root, ".");
        Assert.Contains(portFindings, f => f.Code == "CL004" && f.Message.Contains("http://web:8000", StringComparison.Ordinal));
    }

    /// <summary>Socket-activated php-fpm: <c>FPM_SOCKETS=/run/php/shop.sock=3</c> hands php-fpm descriptor 3 as the pool's
    /// listen, but descriptor 3 is the socket unit's <c>ListenStream=/run/php/php8.2-fpm.sock</c>: php-fpm serves the pool
    /// there and never creates shop.sock, so nginx's <c>fastcgi_pass unix:/run/php/shop.sock</c> is a 502. With the socket
    /// unit listening where FPM_SOCKETS says, nothing is reported.</summary>
    [Fact]
    public void Fpm_sockets_naming_another_file_than_the_socket_unit_binds_is_found()
    {
        var tree = Tree("fpm-sockets-handover");
        var (_, findings, _) = Lint(Repository.Root, "--root", tree);
        var found = Assert.Single(findings, f => f.Code == "CL001");
        Assert.Equal(("error", "etc/systemd/system/php8.2-fpm.service"), (found.Severity, found.Path));
        Assert.Contains("descriptor 3 is /run/php/php8.2-fpm.sock (ListenStream= of socket unit 'php8.2-fpm.socket')", found.Message, StringComparison.Ordinal);

        using var agreed = new TempTree();
        foreach (var file in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(tree, file).Replace('\\', '/');
            if (!relative.Contains("sockets.target.wants", StringComparison.Ordinal))
            {
                agreed.Write(relative, File.ReadAllText(file).Replace("ListenStream=/run/php/php8.2-fpm.sock", "ListenStream=/run/php/shop.sock", StringComparison.Ordinal));
            }
        }

        Directory.CreateDirectory(Path.Combine(agreed.Root, "etc/systemd/system/sockets.target.wants"));
        File.CreateSymbolicLink(Path.Combine(agreed.Root, "etc/systemd/system/sockets.target.wants/php8.2-fpm.socket"), "../php8.2-fpm.socket");

        Assert.DoesNotContain(Lint(Repository.Root, "--root", agreed.Root).Findings, f => f.Code == "CL001");
    }

    /// <summary>An app server started through a shell (<c>bash -c 'source venv/bin/activate &amp;&amp; exec gunicorn --bind
    /// 127.0.0.1:8001 ...'</c> in ExecStart, <c>sh -c "cd ... &amp;&amp; uwsgi --socket ..."</c> in a supervisord program,
    /// <c>["sh", "-c", "pip install ... &amp;&amp; uvicorn ... --port 8100"]</c> in Compose) is that server: nginx reaching
    /// another port is CL001 (before, the shell was a program ConfLint does not read, and nothing was judged).</summary>
    [Fact]
    public void An_app_server_started_through_sh_c_is_read()
    {
        var (_, findings, notes) = Lint(Repository.Root, "--root", Tree("shell-wrapped-app-servers"));
        var catalog = Assert.Single(findings, f => f.Code == "CL001");
        Assert.Contains("gunicorn in service 'catalog.service' listens on 127.0.0.1:8001", catalog.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CL001 did not judge unix:/run/reports/uwsgi.sock", notes, StringComparison.Ordinal);

        var compose = Tree("shell-wrapped-compose");
        var (_, composeFindings, _) = Lint(Path.GetDirectoryName(compose)!, Path.GetFileName(compose));
        Assert.Contains(composeFindings, f => f.Code == "CL001" && f.Message.Contains("listens on 0.0.0.0:8100", StringComparison.Ordinal));

        using var seeded = new TempTree();
        foreach (var file in Directory.EnumerateFiles(Tree("shell-wrapped-app-servers"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Tree("shell-wrapped-app-servers"), file).Replace('\\', '/');
            if (!relative.Contains(".target.wants", StringComparison.Ordinal))
            {
                seeded.Write(relative, File.ReadAllText(file).Replace("uwsgi_pass unix:/run/reports/uwsgi.sock", "uwsgi_pass unix:/run/reports/app.sock", StringComparison.Ordinal));
            }
        }

        Directory.CreateDirectory(Path.Combine(seeded.Root, "etc/systemd/system/multi-user.target.wants"));
        File.CreateSymbolicLink(Path.Combine(seeded.Root, "etc/systemd/system/multi-user.target.wants/catalog.service"), "../catalog.service");

        Assert.Contains(Lint(Repository.Root, "--root", seeded.Root).Findings, f => f.Code == "CL001" && f.Message.Contains("/run/reports/app.sock", StringComparison.Ordinal));
    }

    /// <summary>php-fpm in a container runs as the image's <c>USER</c> (the last of the Dockerfile's final stage; a build
    /// stage's <c>USER root</c> does not count): an unprivileged master cannot chown its socket to <c>listen.owner =
    /// www-data</c>, so php-fpm exits at start. Without the <c>USER</c> line the master is root and the pool is not judged
    /// so.</summary>
    [Fact]
    public void A_dockerfile_user_runs_php_fpm_in_its_container()
    {
        var tree = Tree("image-user-php-fpm");
        var (_, findings, _) = Lint(Path.GetDirectoryName(tree)!, Path.GetFileName(tree));
        var chown = Assert.Single(findings, f => f.Code == "CL003");
        Assert.Equal("error", chown.Severity);
        Assert.Contains("runs as 'app' (USER app of php/Dockerfile, the Dockerfile Compose service 'php' is built from)", chown.Message, StringComparison.Ordinal);

        using var root = new TempTree();
        foreach (var file in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(tree, file).Replace('\\', '/');
            root.Write(relative, File.ReadAllText(file).Replace("USER app", "# USER app", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(Lint(root.Root, ".").Findings, f => f.Code == "CL003" && f.Message.Contains("may not chown", StringComparison.Ordinal));
    }

    /// <summary>Debian's uwsgi package starts one uwsgi per file of <c>/etc/uwsgi/apps-enabled</c> (ini, xml), each with
    /// the inherited <c>default.ini</c> first: socket <c>/run/uwsgi/app/NAME/socket</c>, and a socket the application
    /// names is a second one. A front end that reaches an application there is judged (it was "not configured on this
    /// host"); a file only in apps-available is not started, and an application in a format ConfLint does not read (yaml)
    /// leaves every address unjudged.</summary>
    [Fact]
    public void Debian_uwsgi_applications_listen_on_the_inherited_socket()
    {
        var tree = Tree("debian-uwsgi-apps");
        var (_, findings, notes) = Lint(Repository.Root, "--root", tree);
        Assert.DoesNotContain(findings, f => f.Severity is "warning" or "error");
        Assert.DoesNotContain("CL001 did not judge unix:/run/uwsgi/app/tracker/socket", notes, StringComparison.Ordinal);

        using var seeded = new TempTree();
        foreach (var file in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(tree, file).Replace('\\', '/');
            if (!relative.EndsWith("legacy.yaml", StringComparison.Ordinal))
            {
                seeded.Write(relative, File.ReadAllText(file)
                    .Replace("app/webmail/socket", "app/web-mail/socket", StringComparison.Ordinal)
                    .Replace("uwsgi_read_timeout 30s", "uwsgi_read_timeout 45s", StringComparison.Ordinal)
                    .Replace("<harakiri>50</harakiri>", "<harakiri>90</harakiri>", StringComparison.Ordinal));
            }
        }

        var seededFindings = Lint(Repository.Root, "--root", seeded.Root).Findings;
        // Nothing ties the mistyped socket to one application (no upstream or name says which), so CL001 grades it info.
        var mismatch = Assert.Single(seededFindings, f => f.Code == "CL001");
        Assert.Contains("uwsgi application 'webmail' of Debian's uwsgi init script (etc/uwsgi/apps-enabled/webmail.ini) listens on /run/uwsgi/app/webmail/socket", mismatch.Message, StringComparison.Ordinal);
        Assert.Contains(seededFindings, f => f.Code == "CL006" && f.Message.Contains("uwsgi application 'tracker'", StringComparison.Ordinal) && f.Message.Contains("90s (harakiri)", StringComparison.Ordinal));
    }

    /// <summary>One snippet included by two locations gives a rule its directive once per location; it is one line
    /// and one finding (akvo-rsr's development nginx reported its webpack snippet's CL004 twice).</summary>
    [Fact]
    public void A_snippet_included_twice_is_reported_once()
    {
        var (_, findings, _) = Lint(Repository.Root, "--root", Tree("included-twice"));
        var once = Assert.Single(findings);
        Assert.Equal("CL004", once.Code);
        Assert.Equal("etc/nginx/snippets/spa.conf", once.Path);
    }

    /// <summary>A copy of a tree with one text replaced in every file (a seeded breakage).</summary>
    private static TempTree Seeded(string name, string from, string to)
    {
        var tree = Tree(name);
        var seeded = new TempTree();
        foreach (var file in Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories))
        {
            seeded.Write(Path.GetRelativePath(tree, file).Replace('\\', '/'), File.ReadAllText(file).Replace(from, to, StringComparison.Ordinal));
        }

        return seeded;
    }

    /// <summary>supervisord binds an <c>[fcgi-program:x]</c>'s <c>socket</c> itself and hands it to the process (daphne's
    /// <c>--fd 0</c>, openwisp's shape): that is where the program answers. It was "not configured on this host", so a
    /// front end pointed elsewhere was not judged.</summary>
    [Fact]
    public void A_supervisord_fcgi_program_listens_on_its_socket()
    {
        var (_, findings, notes) = Lint(Repository.Root, "--root", Tree("supervisord-fcgi-socket"));
        Assert.Empty(findings);
        Assert.DoesNotContain("did not judge unix:/srv/chat/daphne.sock", notes, StringComparison.Ordinal);

        using var seeded = Seeded("supervisord-fcgi-socket", "unix:///srv/chat/daphne.sock fail_timeout", "unix:///srv/chat/daphne-1.sock fail_timeout");
        var mismatch = Assert.Single(Lint(Repository.Root, "--root", seeded.Root).Findings, f => f.Code == "CL001");
        Assert.Contains("supervisord fcgi-program 'daphne' listens on /srv/chat/daphne.sock", mismatch.Message, StringComparison.Ordinal);
    }

    /// <summary>pulpcore's entry points (<c>pulpcore-api</c>, <c>pulpcore-content</c>) are gunicorn applications that
    /// take <c>--bind</c>: their binds are read (they were "a program ConfLint does not read"), their <c>--timeout</c>
    /// is not taken for a request limit (no CL006 against nginx's default 60 s).</summary>
    [Fact]
    public void Pulpcore_entry_points_listen_where_their_bind_says()
    {
        var (_, findings, notes) = Lint(Repository.Root, "--root", Tree("pulpcore-entry-points"));
        Assert.Empty(findings);
        Assert.DoesNotContain("runs a program ConfLint does not read", notes, StringComparison.Ordinal);

        using var seeded = Seeded("pulpcore-entry-points", "server 127.0.0.1:24817;", "server 127.0.0.1:24818;");
        var mismatch = Assert.Single(Lint(Repository.Root, "--root", seeded.Root).Findings, f => f.Code == "CL001");
        Assert.Contains("pulpcore-api in service 'pulpcore-api.service' listens on 127.0.0.1:24817", mismatch.Message, StringComparison.Ordinal);
    }

    /// <summary>A server keeps its Compose projects in folders of <c>/opt</c> and <c>/srv</c>; with <c>--root</c> they are
    /// read like one at the top, so the host's proxy is compared with what they publish.</summary>
    [Fact]
    public void Compose_projects_under_opt_and_srv_are_read_with_a_root()
    {
        var (files, findings, _) = Lint(Repository.Root, "--root", Tree("compose-under-opt"));
        Assert.Contains(("opt/wiki/compose.yaml", "compose"), files);
        Assert.Contains(("srv/notes/docker-compose.yml", "compose"), files);
        Assert.Empty(findings);

        using var seeded = Seeded("compose-under-opt", "proxy_pass http://127.0.0.1:9091;", "proxy_pass http://127.0.0.1:8000;");
        var unpublished = Assert.Single(Lint(Repository.Root, "--root", seeded.Root).Findings);
        Assert.Equal("CL019", unpublished.Code);
        Assert.Contains("service 'notes' publishes its port 8000 on the host's port 9091", unpublished.Message, StringComparison.Ordinal);
    }

    /// <summary>A project cloned and started by hand is often kept in a user's home (<c>/home/admin/notes</c>), and an
    /// ecosystem file beside it: with <c>--root</c> they are read like those of <c>/opt</c>. <c>/root</c> is not looked
    /// into (ConfLint reads nothing there): a project kept there is not read, and not refused with an error either.</summary>
    [Fact]
    public void Compose_and_pm2_files_in_users_homes_are_read_with_a_root()
    {
        var (files, findings, _) = Lint(Repository.Root, "--root", Tree("home-projects"));
        Assert.Contains(("home/admin/notes/docker-compose.yml", "compose"), files);
        Assert.DoesNotContain(files, f => f.Path.StartsWith("root/", StringComparison.Ordinal));
        Assert.Contains(("home/kuma/ecosystem.config.js", "pm2"), files);
        Assert.Empty(findings);

        using var seeded = Seeded("home-projects", "proxy_pass http://127.0.0.1:9091;", "proxy_pass http://127.0.0.1:8000;");
        var unpublished = Assert.Single(Lint(Repository.Root, "--root", seeded.Root).Findings);
        Assert.Equal("CL019", unpublished.Code);
        Assert.Contains("service 'notes' publishes its port 8000 on the host's port 9091", unpublished.Message, StringComparison.Ordinal);
    }

    /// <summary>A hosting server may have thousands of homes: /home is looked into up to a bound (20,000 entries), and
    /// the rest is noted rather than walked.</summary>
    [Fact]
    public void Homes_are_looked_into_up_to_a_bound()
    {
        using var tree = new TempTree().Write("home/a-first/app/compose.yaml", "services:\n  web:\n    image: registry.example.test/web:1\n");
        for (var i = 0; i < 20_001; i++)
        {
            Directory.CreateDirectory(tree.Path($"home/u{i:D5}"));
        }

        var (_, _, notes) = Lint(Repository.Root, "--root", tree.Root);
        Assert.Contains("only the first 20000 entries of /home and its homes were looked into", notes, StringComparison.Ordinal);
    }

    private static string CorpusRoot(string name) => Path.Combine(Repository.Fixtures, "corpus", name);

    /// <summary>A unit run from a user's home folder (<c>WorkingDirectory=/home/deploy</c>) shares that folder with every
    /// project the user keeps there: a site serving <c>/home/deploy/polls/static</c> is no evidence that the unit is its
    /// back end. The gunicorns the sites reach were started by hand; "nothing listens there" is at most info (it was an
    /// error on each site, with the unrelated unit as the back end meant).</summary>
    [Fact]
    public void A_back_end_run_from_a_users_home_is_not_tied_to_the_sites_kept_there()
    {
        var (_, findings, _) = Lint(Repository.Root, "--root", CorpusRoot("hand-started-gunicorns"));
        Assert.Equal(2, findings.Count(f => f.Code == "CL001"));
        Assert.All(findings, f => Assert.Equal("info", f.Severity));
        Assert.All(findings, f => Assert.Contains("nothing in the configuration ties that back end to this front end", f.Message, StringComparison.Ordinal));
    }

    /// <summary><c>fastcgi_pass alpha-php</c> names an upstream defined in the same file: it is judged (and fine), not
    /// noted as "may be defined in a file ConfLint did not read" because another include of nginx.conf is outside the
    /// root.</summary>
    [Fact]
    public void An_upstream_defined_in_a_file_that_was_read_is_judged()
    {
        var (_, findings, notes) = Lint(Repository.Root, "--root", CorpusRoot("per-user-pools"));
        Assert.Empty(findings);
        Assert.DoesNotContain("upstream \"alpha-php\" not judged", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("upstream \"beta-php\" not judged", notes, StringComparison.Ordinal);
    }
}
