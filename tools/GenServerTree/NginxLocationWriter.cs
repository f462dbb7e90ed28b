namespace ConfLint.Tools.GenServerTree;

/// <summary>Writes the location blocks of one server block.</summary>
public sealed class NginxLocationWriter(ConfigWriter w, Rng rng)
{
    public void PhpSite(SitePlan site)
    {
        w.Open("location /");
        w.Line(rng.Chance(70) ? "try_files $uri $uri/ /index.php?$args;" : "try_files $uri $uri/ /index.php?$query_string;");
        w.Close().Line();

        w.Open(@"location ~ \.php$");
        if (rng.Chance(80))
        {
            w.Line("include snippets/fastcgi-php.conf;");
        }
        else
        {
            w.Line("try_files $uri =404;");
            w.Line(@"fastcgi_split_path_info ^(.+\.php)(/.+)$;");
            w.Line("include fastcgi_params;");
            w.Line("fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;");
            w.Line("fastcgi_index index.php;");
        }

        // Mistake (1%): the site still points at the socket of the PHP version the box ran before.
        var socket = rng.Chance(1) ? "/run/php/php8.1-fpm.sock" : Names.PoolSocket(site.Pool!.Value);
        w.Line($"fastcgi_pass unix:{socket};");
        if (rng.Chance(50))
        {
            w.Line($"fastcgi_read_timeout {Tuning.ReadTimeout(rng)};");
        }

        if (rng.Chance(40))
        {
            Tuning.Buffers(w, rng, "fastcgi");
        }

        if (rng.Chance(10))
        {
            w.Line("fastcgi_param PHP_VALUE \"upload_max_filesize=64M \\n post_max_size=64M\";");
        }

        if (rng.Chance(50))
        {
            w.Line("fastcgi_param HTTPS $https if_not_empty;").Line("fastcgi_intercept_errors on;");
        }

        w.Close().Line();

        w.Open("location ~* \"^/wp-content/uploads/(\\d{4})/(\\d{2})/.+\\.php$\"");
        w.Line("deny all;");
        w.Close().Line();

        w.Open("location /wp-json/").Line("try_files $uri $uri/ /index.php?$args;").Close().Line();
        if (rng.Chance(50))
        {
            w.Line("# PHP-FPM status for the monitoring agent.");
            w.Open("location ~ ^/(fpm-status|fpm-ping)$");
            w.Line("access_log off;").Line("allow 127.0.0.1;").Line("allow ::1;").Line("deny all;");
            w.Line("include fastcgi_params;").Line("fastcgi_param SCRIPT_NAME $uri;").Line("fastcgi_param SCRIPT_FILENAME $document_root$uri;");
            w.Line($"fastcgi_pass unix:{Names.PoolSocket(site.Pool!.Value)};");
            w.Close().Line();
        }

        if (rng.Chance(60))
        {
            w.Line("location = /xmlrpc.php { deny all; access_log off; log_not_found off; }");
            w.Line("location ~* ^/wp-admin/(?:install|setup-config)\\.php$ { deny all; }").Line();
        }
    }

    public void Api(int unit)
    {
        w.Open("location /api/");
        if (rng.Chance(30))
        {
            w.Line("limit_req zone=perip burst=20 nodelay;");
        }

        w.Line($"proxy_pass http://{Names.Upstream(unit)}{(rng.Chance(30) ? "/" : "")};");
        ProxySettings();
        w.Close().Line();
    }

    public void AppSite(SitePlan site)
    {
        var unit = site.Unit!.Value;
        w.Open("location /");
        w.Line($"proxy_pass http://{Names.Upstream(unit)};");
        ProxySettings();
        w.Close().Line();

        Api(unit);

        w.Open("location = /healthz");
        w.Line("access_log off;");
        w.Line($"proxy_pass http://{Names.Upstream(unit)};");
        w.Line("proxy_connect_timeout 2s;");
        w.Close().Line();

        if (rng.Chance(40))
        {
            w.Open("location = /metrics");
            w.Line("allow 127.0.0.1;").Line("allow 10.0.0.0/8;").Line("deny all;");
            w.Line($"proxy_pass http://{Names.Upstream(unit)};");
            w.Close().Line();
        }

        w.Open("location /static/");
        w.Line($"alias /srv/{Names.Unit(unit)}/static/;");
        w.Line($"expires {rng.Pick(new[] { "1d", "7d", "30d" })};");
        w.Line("access_log off;");
        w.Close().Line();

        if (rng.Chance(35))
        {
            w.Open("location /ws/");
            w.Line($"proxy_pass http://{Names.Upstream(unit)};");
            w.Line("proxy_http_version 1.1;");
            w.Line("proxy_set_header Upgrade $http_upgrade;");
            w.Line("proxy_set_header Connection $connection_upgrade;");
            w.Line("proxy_set_header Host $host;");
            w.Line("proxy_read_timeout 3600s;");
            w.Close().Line();
        }
    }

    public void StaticSite()
    {
        w.Open("location /");
        w.Line("try_files $uri $uri/ =404;");
        w.Line("gzip_static on;");
        w.Close().Line();
    }

    /// <summary>The locations every site has: assets, dotfiles, favicon and robots.</summary>
    public void Common()
    {
        w.Open(@"location ~* \.(?:css|js|jpe?g|gif|png|webp|avif|svg|ico|woff2?)$");
        w.Line($"expires {rng.Pick(new[] { "7d", "30d", "max" })};");
        w.Line("add_header Cache-Control \"public\";");
        w.Line("access_log off;");
        w.Close().Line();

        w.Open(@"location ~* \.(?:manifest|appcache|html?|xml|json)$").Line("expires -1;").Close().Line();
        w.Open(@"location ~* \.(?:rss|atom)$").Line("expires 1h;").Line("add_header Cache-Control \"public\";").Close().Line();

        w.Line("# Keep .git, .env and friends private; ACME challenges stay reachable.");
        w.Open(@"location ~ /\.(?!well-known)");
        w.Line("deny all;");
        w.Close().Line();

        w.Line("location = /favicon.ico { log_not_found off; access_log off; }");
        w.Line("location = /robots.txt { log_not_found off; access_log off; allow all; }");
        w.Line("location = /50x.html { root /usr/share/nginx/html; internal; }");
        if (rng.Chance(30))
        {
            w.Line();
            w.Line("# Disabled after the migration, kept for reference:");
            w.Line("# location /phpmyadmin {");
            w.Line("#     auth_basic \"Restricted\";");
            w.Line("#     auth_basic_user_file /etc/nginx/.htpasswd;");
            w.Line("#     root /usr/share/;");
            w.Line("#     index index.php;");
            w.Line("# }");
        }
    }

    private void ProxySettings()
    {
        if (rng.Chance(50))
        {
            w.Line("include proxy_params;");
        }
        else
        {
            w.Line("proxy_set_header Host $host;");
            w.Line("proxy_set_header X-Real-IP $remote_addr;");
            w.Line("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
            w.Line("proxy_set_header X-Forwarded-Proto $scheme;");
        }

        if (rng.Chance(70))
        {
            w.Line("proxy_http_version 1.1;");
            w.Line("proxy_set_header Connection \"\";");
        }

        if (rng.Chance(40))
        {
            w.Line($"proxy_read_timeout {Tuning.ReadTimeout(rng)};");
            w.Line($"proxy_connect_timeout {rng.Pick(Tuning.Short)};");
        }

        if (rng.Chance(35))
        {
            Tuning.Buffers(w, rng, "proxy");
        }

        if (rng.Chance(40))
        {
            w.Line("proxy_redirect off;").Line("proxy_next_upstream error timeout http_502 http_503;");
        }

        if (rng.Chance(10))
        {
            w.Line("# proxy_buffering off;");
        }
    }
}
