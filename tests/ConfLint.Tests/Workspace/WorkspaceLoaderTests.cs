using ConfLint.Syntax;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Workspace;

public class WorkspaceLoaderTests
{
    private static ConfigWorkspace LoadRoot(TempTree tree) => WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });

    [Fact]
    public void Root_discovery_follows_nginx_includes_relative_to_the_prefix_in_glob_order()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "http {\n    include mime.types;\n    include /etc/nginx/sites-enabled/*;\n}\n")
            .Write("etc/nginx/mime.types", "types { text/html html; }\n")
            .Write("etc/nginx/sites-available/b", "server { listen 81; }\n")
            .Link("etc/nginx/sites-enabled/b", "/etc/nginx/sites-available/b")
            .Write("etc/nginx/sites-enabled/a", "server { listen 80; }\n");
        var workspace = LoadRoot(tree);

        Assert.Empty(workspace.Diagnostics);
        Assert.Equal(
            ["etc/nginx/nginx.conf", "etc/nginx/mime.types", "etc/nginx/sites-enabled/a", "etc/nginx/sites-enabled/b"],
            workspace.Files.Select(f => f.DisplayPath));
        var b = workspace.FindFile("/etc/nginx/sites-enabled/b")!;
        Assert.Equal("/etc/nginx/sites-available/b", b.ResolvedPath);
        Assert.Same(b, workspace.FindFile("/etc/nginx/sites-available/b"));
        Assert.All(workspace.Files, f => Assert.NotNull(f.Tree));
        var site = Assert.Single(b.IncludedFrom);
        Assert.Equal("/etc/nginx/sites-enabled/*", site.Pattern);
        Assert.Equal(["etc/nginx/sites-enabled/a", "etc/nginx/sites-enabled/b"], site.Targets.Select(t => t.DisplayPath));
    }

    [Fact]
    public void A_file_included_from_two_places_is_parsed_once_and_knows_both()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "http { include sites-enabled/*.conf; }\n")
            .Write("etc/nginx/sites-enabled/a.conf", "server { location ~ \\.php$ { include snippets/php.conf; } }\n")
            .Write("etc/nginx/sites-enabled/b.conf", "server { location ~ \\.php$ { include snippets/php.conf; } }\n")
            .Write("etc/nginx/snippets/php.conf", "fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n");
        var workspace = LoadRoot(tree);
        var snippet = Assert.Single(workspace.Files, f => f.DisplayPath == "etc/nginx/snippets/php.conf");
        Assert.Equal(["etc/nginx/sites-enabled/a.conf", "etc/nginx/sites-enabled/b.conf"], snippet.IncludedFrom.Select(s => s.From.DisplayPath));
        Assert.Equal(4, workspace.Files.Count);
    }

    [Fact]
    public void A_missing_literal_include_is_CL000_at_the_path_but_an_empty_glob_is_not()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "http {\n    include conf.d/*.conf;\n    include snippets/missing.conf;\n}\n");
        var workspace = LoadRoot(tree);
        var diagnostic = Assert.Single(workspace.Diagnostics);
        Assert.Equal("CL000", diagnostic.Code);
        Assert.Equal("etc/nginx/nginx.conf", diagnostic.Location.Path);
        Assert.Equal((3, 13), (diagnostic.Location.Start.Line, diagnostic.Location.Start.Column));
        Assert.Equal("include snippets/missing.conf names a file that does not exist (looked for /etc/nginx/snippets/missing.conf): nginx refuses to start", diagnostic.Message);
    }

    /// <summary>PrivateBin's and wallabag's image repositories keep the etc/ their Dockerfiles copy over Alpine's nginx
    /// package: nginx.conf includes mime.types and a site fastcgi_params, which the package installs (wallabag brings its
    /// own fastcgi_params). A tree without a package database whose folder holds at most one of the package's files is
    /// such an overlay, and the includes are not judged; where the package's files are there, or the tree is a whole
    /// system, a missing one is still refused.</summary>
    [Fact]
    public void A_package_file_missing_from_a_folder_holding_none_of_the_package_s_files_is_not_judged()
    {
        using var overlay = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include mime.types;\n    include /etc/nginx/http.d/*.conf;\n}\n")
            .Write("etc/nginx/http.d/site.conf", "server {\n    listen 8080;\n    location ~ \\.php$ {\n        include fastcgi_params;\n        fastcgi_pass unix:/run/php-fpm.sock;\n    }\n}\n");
        var workspace = LoadRoot(overlay);
        Assert.Empty(workspace.Diagnostics);
        Assert.Contains(workspace.Notes, n => n.StartsWith("etc/nginx/nginx.conf:3: include mime.types: /etc/nginx/mime.types is a file nginx's package installs", StringComparison.Ordinal));
        Assert.Contains(workspace.Notes, n => n.StartsWith("etc/nginx/http.d/site.conf:4: include fastcgi_params:", StringComparison.Ordinal));

        using var server = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include mime.types;\n    include /etc/nginx/http.d/*.conf;\n}\n")
            .Write("etc/nginx/mime.types", "types {\n    text/html html;\n}\n")
            .Write("etc/nginx/http.d/site.conf", "server {\n    listen 8080;\n    location ~ \\.php$ {\n        include fastcgi_params;\n        fastcgi_pass unix:/run/php-fpm.sock;\n    }\n}\n")
            .Write("etc/nginx/koi-utf", "charset_map koi8-r utf-8 {\n}\n");
        var diagnostic = Assert.Single(LoadRoot(server).Diagnostics);
        Assert.Equal("include fastcgi_params names a file that does not exist (looked for /etc/nginx/fastcgi_params): nginx refuses to start", diagnostic.Message);

        overlay.Write("etc/nginx/fastcgi_params", "fastcgi_param QUERY_STRING $query_string;\n");
        Assert.Empty(LoadRoot(overlay).Diagnostics);
        overlay.Write("var/lib/dpkg/status", "Package: nginx\nStatus: install ok installed\nVersion: 1.22.1-9\n\n");
        Assert.Single(LoadRoot(overlay).Diagnostics, d => d.Message.StartsWith("include mime.types names a file that does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void An_include_cycle_is_reported_once_and_not_followed()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "include a.conf;\n")
            .Write("etc/nginx/a.conf", "include b.conf;\n")
            .Write("etc/nginx/b.conf", "include a.conf;\n");
        var workspace = LoadRoot(tree);
        var diagnostic = Assert.Single(workspace.Diagnostics);
        Assert.Equal("etc/nginx/b.conf", diagnostic.Location.Path);
        Assert.Equal("include cycle: etc/nginx/a.conf -> etc/nginx/b.conf -> etc/nginx/a.conf; the cycle is not followed", diagnostic.Message);
        Assert.Single(workspace.Includes, s => s.ClosesCycle);
    }

    [Fact]
    public void A_file_that_does_not_parse_is_CL000_and_the_others_are_still_read()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "http { include sites-enabled/*; }\n")
            .Write("etc/nginx/sites-enabled/broken", "server {\n    listen 80\n}\n")
            .Write("etc/nginx/sites-enabled/fine", "server { listen 81; }\n");
        var workspace = LoadRoot(tree);
        var diagnostic = Assert.Single(workspace.Diagnostics);
        Assert.Equal("etc/nginx/sites-enabled/broken:3:1", diagnostic.Location.ToString());
        Assert.Equal("expected ';' or '{' after 'listen 80'", diagnostic.Message);
        Assert.NotNull(workspace.FindFile("/etc/nginx/sites-enabled/fine")!.Tree);
    }

    [Fact]
    public void Path_mode_reads_every_known_file_and_does_not_read_includes_outside_the_paths()
    {
        using var tree = new TempTree()
            .Write("repo/nginx/nginx.conf", "http { include /etc/nginx/sites-enabled/*; include conf.d/*.conf; }\n")
            .Write("repo/nginx/conf.d/gzip.conf", "gzip on;\n")
            .Write("repo/README.md", "# notes\n")
            .Write("repo/.git/config", "[core]\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Paths = ["repo"], WorkingDirectory = tree.Root });
        Assert.Equal(["repo/nginx/conf.d/gzip.conf", "repo/nginx/nginx.conf"], workspace.Files.Select(f => f.DisplayPath).Order(StringComparer.Ordinal));
        Assert.All(workspace.Files, f => Assert.Equal(ConfigKind.Nginx, f.Kind));
        Assert.Single(workspace.FindFile(tree.Path("repo/nginx/conf.d/gzip.conf"))!.IncludedFrom);
        Assert.Contains(workspace.Notes, n => n.Contains("include /etc/nginx/sites-enabled/* lies outside the linted paths"));
        Assert.Empty(workspace.Diagnostics);
    }

    [Fact]
    public void A_named_file_of_no_kind_is_refused_unless_it_is_one_that_lives_beside_configurations()
    {
        using var tree = new TempTree()
            .Write("repo/config/php.ini", "memory_limit = 256M\n")
            .Write("repo/config/notes.cfg", "hello\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Paths = ["repo/config/php.ini", "repo/config/notes.cfg"], WorkingDirectory = tree.Root });
        Assert.Empty(workspace.Files);
        Assert.Contains(workspace.Notes, n => n.StartsWith("repo/config/php.ini: not a configuration ConfLint lints", StringComparison.Ordinal));
        var refused = Assert.Single(workspace.Diagnostics);
        Assert.Contains("cannot tell what kind of configuration", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repository_walked_as_a_folder_reads_only_configurations_and_judges_no_file_it_cannot_see()
    {
        using var tree = new TempTree()
            .Write("repo/docs/src/index.tsx", "import { useState } from 'react';\nexport default function A() {\n  return null;\n}\n")
            .Write("repo/docs/styles.module.css", ".a {\n  color: red;\n}\n")
            .Write("repo/mysql/custom.conf", "[mysqld]\nmax_connections = 200\n")
            .Write("repo/nginx/logrotate/nginx", "/var/log/nginx/*.log {\n  daily\n}\n")
            .Write("repo/nginx/defaults.env", "NGINX_PORT=80\n")
            .Write("repo/scripts/run", "#!/bin/sh\nset -e;\n")
            .Write("repo/search/sphinx.conf", "index rt {\n    type = rt\n    path = /var/lib/manticore/rt\n}\n")
            .Write("repo/php-fpm/xapp.pool.conf", "; continues [www]\nuser = app\nlisten = 0.0.0.0:9000\npm.max_children = 5\n")
            .Write("repo/nginx/nginx.conf", "events {}\nhttp {\n    include mime.types;\n    include sites/*.conf;\n}\n")
            .Write("repo/nginx/sites/app.conf", "server {\n    listen 80;\n    location ~ \\.php$ {\n        include fastcgi_params;\n        fastcgi_pass php-fpm:9000;\n    }\n}\n")
            // Other programs' files in folders named nginx (serversideup/docker-php's s6 services, webdevops' certificate
            // request and Dockerfile template), an envsubst template, and supervisord's folder of Alpine and webdevops.
            .Write("repo/etc/s6-overlay/s6-rc.d/nginx/run", "with-contenv s6-notifyoncheck nginx\n")
            .Write("repo/etc/s6-overlay/s6-rc.d/nginx/type", "longrun\n")
            .Write("repo/nginx/ssl/server.csr", "-----BEGIN CERTIFICATE REQUEST-----\nMIIEcTCC\n-----END CERTIFICATE REQUEST-----\n")
            .Write("repo/docker/nginx/Dockerfile.jinja2", "FROM {{ image }}\n")
            .Write("repo/etc/nginx/nginx.conf.template", "error_log stderr ${LOG_LEVEL};\nevents {}\n")
            .Write("repo/etc/supervisor.d/php-fpm.conf", "[program:php-fpm]\ncommand = /usr/local/bin/php-fpm --nodaemonize\nprocess_name = %(program_name)s\n")
            .Write("repo/etc/supervisor.d/nginx.conf", "[program:nginxd]\ncommand = /usr/sbin/nginx\n")
            // hestiacp's ProFTPD files (written like Apache's) and its web templates with %placeholders%.
            .Write("repo/install/proftpd/proftpd.conf", "ServerName \"FTP\"\nDefaultRoot ~\n")
            .Write("repo/install/proftpd/conf.d/tls.conf", "<IfModule mod_tls.c>\nTLSEngine on\n</IfModule>\n")
            .Write("repo/templates/web/apache2/default.stpl", "<VirtualHost %ip%:%web_ssl_port%>\n    RGroups www-data\n</VirtualHost>\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Paths = ["repo"], WorkingDirectory = tree.Root });
        Assert.Equal(["repo/etc/supervisor.d/nginx.conf", "repo/etc/supervisor.d/php-fpm.conf", "repo/nginx/nginx.conf", "repo/nginx/sites/app.conf", "repo/php-fpm/xapp.pool.conf"],
            workspace.Files.Select(f => f.DisplayPath).Order(StringComparer.Ordinal));
        Assert.All(workspace.Files.Where(f => f.DisplayPath.Contains("supervisor.d", StringComparison.Ordinal)), f => Assert.Equal(ConfigKind.Supervisor, f.Kind));
        Assert.Contains(workspace.Notes, n => n.StartsWith("repo/etc/s6-overlay/s6-rc.d/nginx/run: looked like nginx configuration but does not parse as one", StringComparison.Ordinal));
        Assert.Empty(workspace.Diagnostics);
        Assert.Contains(workspace.Notes, n => n.Contains("include fastcgi_params matches nothing in the linted paths", StringComparison.Ordinal));
        Assert.Contains(workspace.Notes, n => n.StartsWith("repo/search/sphinx.conf: looked like nginx configuration but does not parse as one", StringComparison.Ordinal));

        // Named, the same file is read as asked and its error is shown.
        var named = WorkspaceLoader.Load(new LoadOptions { Paths = ["repo/search/sphinx.conf"], WorkingDirectory = tree.Root });
        Assert.Single(named.Diagnostics);
    }

    [Fact]
    public void A_template_is_told_by_its_tags_or_envsubst_placeholders_whatever_its_name_and_a_file_nginx_includes_is_still_read()
    {
        const string lua = "server {\n    listen 80;\n    location / {\n        content_by_lua_block {\n            local pairs = {{1, 2}}\n        }\n    }\n}\n";
        using var tree = new TempTree()
            // Jinja tags in a .conf (one that does not parse, one whose tag is quoted and parses), a placeholder the
            // entrypoint's envsubst fills, and a template named by an inner extension.
            .Write("repo/conf/nginx/security.conf", "ssl_session_tickets off;\n{% if modern %}\nssl_protocols TLSv1.3;\n{% endif %}\n")
            .Write("repo/conf/nginx/passthrough.conf", "server {\n    listen 443 ssl;\n    server_name \"{{ domain }}\";\n}\n")
            .Write("repo/resources/nginx/site-template.conf", "upstream app {\n    server ${BACKEND} fail_timeout=0;\n}\nserver {\n    listen 80;\n    client_max_body_size ${MAX_BODY};\n    location / {\n        proxy_pass http://app;\n    }\n}\n")
            .Write("repo/conf/nginx/server.tpl.conf", "server {\n    listen 80;\n}\n")
            // YunoHost's __NAME__ placeholders, in a pool and a unit with ordinary names.
            .Write("repo/app/conf/php-fpm.d/app.conf", "[__APP__]\nuser = __APP__\nlisten = /run/php/php__PHP_VERSION__-fpm-__APP__.sock\npm = ondemand\npm.max_children = __FPM_MAX_CHILDREN__\n")
            .Write("repo/app/conf/systemd/app.service", "[Service]\n# __init__ of the app\nExecStart=/usr/bin/app\nUser=__APP__\n")
            // Configurations: nginx's own ${name} (a built-in without case, a variable the file sets), a Lua table of tables,
            // Apache's and PHP-FPM's environment references.
            .Write("repo/nginx/conf.d/vars.conf", "server {\n    listen 80;\n    set $BACKEND_HOST app.internal;\n    location / {\n        proxy_set_header Host ${HOST};\n        proxy_pass http://${BACKEND_HOST};\n    }\n}\n")
            .Write("repo/nginx/conf.d/lua.conf", lua)
            .Write("repo/apache2/sites-available/app.conf", "<VirtualHost *:80>\n    ErrorLog ${APACHE_LOG_DIR}/error.log\n</VirtualHost>\n")
            .Write("repo/php-fpm.d/www.conf", "[www]\nlisten = ${FPM_LISTEN}\npm = static\npm.max_children = 4\n")
            // Double underscores inside a longer name separate its parts (Airflow's variables): no placeholder.
            .Write("repo/systemd/airflow-webserver.service", "[Service]\nEnvironment=AIRFLOW__WEBSERVER__WEB_SERVER_PORT=8081 AIRFLOW__CORE__LOAD_EXAMPLES=False\nExecStart=/usr/bin/airflow webserver\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Paths = ["repo"], WorkingDirectory = tree.Root });
        Assert.Equal(["repo/apache2/sites-available/app.conf", "repo/nginx/conf.d/lua.conf", "repo/nginx/conf.d/vars.conf", "repo/php-fpm.d/www.conf", "repo/systemd/airflow-webserver.service"],
            workspace.Files.Select(f => f.DisplayPath).Order(StringComparer.Ordinal));
        Assert.Empty(workspace.Diagnostics);
        Assert.Contains("repo/conf/nginx/security.conf: a template another program fills in ('{% if modern %}' at line 2), not nginx configuration; skipped", workspace.Notes);
        Assert.Contains("repo/conf/nginx/passthrough.conf: a template another program fills in ('{{ domain }}' at line 3), not nginx configuration; skipped", workspace.Notes);
        Assert.Contains("repo/resources/nginx/site-template.conf: a template another program fills in ('${BACKEND}' at line 2), not nginx configuration; skipped", workspace.Notes);
        Assert.Contains("repo/app/conf/php-fpm.d/app.conf: a template another program fills in ('__APP__' at line 1), not php-fpm configuration; skipped", workspace.Notes);
        Assert.Contains("repo/app/conf/systemd/app.service: a template another program fills in ('__APP__' at line 4), not systemd configuration; skipped", workspace.Notes);

        // Included by the nginx.conf that reads it, the same text is what nginx gets: read, and its placeholder is an unknown
        // variable, named in lower case as nginx names it.
        using var mounted = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/site.conf", "server {\n    listen 80;\n    location / {\n        proxy_set_header X-Site ${SITE_NAME};\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n");
        var output = CliRunner.Run("lint", "--root", mounted.Root, "--format", "json", "--select", "CL000");
        Assert.Contains("unknown \\\"site_name\\\" variable", output.Stdout);
    }

    /// <summary>Mailu's setup wizard renders its docker-compose.yml from a Jinja template kept under that name: no YAML, it
    /// is a template and skipped with a note; a Compose file that parses keeps its <c>{{ }}</c> values (a logging tag another
    /// program reads), and one broken with no template tag is still CL000. The site's images beside its nginx files are
    /// not configuration.</summary>
    [Fact]
    public void A_compose_file_that_is_a_jinja_template_is_skipped_and_a_site_s_images_are_not_guessed()
    {
        using var tree = new TempTree()
            .Write("repo/setup/compose/docker-compose.yml", "{% set env='app.env' %}\n# rendered by the wizard\n\nservices:\n  front:\n    image: nginx\n    ports:\n    {% for port in (80, 443) %}\n      - \"{{ port }}:{{ port }}\"\n    {% endfor %}\n")
            .Write("repo/compose.yaml", "services:\n  app:\n    image: nginx\n    logging:\n      driver: syslog\n      options:\n        tag: \"{{.Name}}\"\n")
            .Write("broken/compose.yaml", "services:\n  app:\n    image: nginx\n   ports: [80]\n")
            .Write("repo/core/nginx/static/favicon.ico", "\0\0\u0001\0 { x")
            .Write("repo/core/nginx/static/site.webmanifest", "{\"name\": \"app\"}\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Paths = ["repo"], WorkingDirectory = tree.Root });
        Assert.Equal(["repo/compose.yaml"], workspace.Files.Select(f => f.DisplayPath));
        Assert.Empty(workspace.Diagnostics);
        Assert.Contains("repo/setup/compose/docker-compose.yml: a template another program fills in ('{% set env='app.env' %}' at line 1), not compose configuration; skipped", workspace.Notes);
        Assert.DoesNotContain(workspace.Notes, n => n.Contains("static/", StringComparison.Ordinal));

        var broken = WorkspaceLoader.Load(new LoadOptions { Paths = ["broken"], WorkingDirectory = tree.Root });
        Assert.Contains(broken.Diagnostics, d => d.Code == "CL000");
    }

    /// <summary>rspamd's UCL files are written in nginx's shape; found walking a folder (their path says nothing) they are
    /// not nginx's when a directive's first argument is a lone '=' or no directive name is nginx's.</summary>
    [Fact]
    public void A_ucl_file_in_nginx_shape_is_not_taken_for_nginx()
    {
        using var tree = new TempTree()
            .Write("repo/conf/rspamd/local.d/mx_check.conf", "timeout = 8.0;\nexpire = 86400;\nenabled = true;\n")
            .Write("repo/conf/rspamd/local.d/groups.conf", "symbols {\n    \"MX_INVALID\" {\n        score = 0.5;\n    }\n}\n")
            .Write("repo/conf/rspamd/local.d/composites.conf", "MX_IMPLICIT {\n    policy remove_weight;\n}\n")
            .Write("repo/web/rootfs/etc/s6-overlay/s6-rc.d/user/contents.d/nginx", string.Empty)
            .Write("repo/conf/web/site.conf", "server {\n    listen 80;\n    location = /health {\n        return 200;\n    }\n    if ($request_method = POST) {\n        return 405;\n    }\n}\n");
        var workspace = WorkspaceLoader.Load(new LoadOptions { Paths = ["repo"], WorkingDirectory = tree.Root });
        Assert.Equal(["repo/conf/web/site.conf"], workspace.Files.Select(f => f.DisplayPath));
        Assert.Empty(workspace.Diagnostics);
        Assert.Contains("repo/conf/rspamd/local.d/mx_check.conf: looked like nginx configuration but its directives are not nginx's ('timeout = ...' at line 1); skipped (named on the command line, it is read and its errors shown)", workspace.Notes);
        Assert.Contains(workspace.Notes, n => n.StartsWith("repo/conf/rspamd/local.d/composites.conf: looked like nginx configuration but its directives are not nginx's (no directive name", StringComparison.Ordinal));
    }
}
