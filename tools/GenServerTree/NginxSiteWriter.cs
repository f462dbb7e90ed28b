namespace ConfLint.Tools.GenServerTree;

/// <summary>
/// Writes one <c>sites-enabled/site-NNNN.conf</c>: the upstreams homed there, then each site's maps and
/// server blocks, the way a hosting panel lays out a box. A few per cent carry the mistakes behind 502s
/// (a stale PHP socket, an upstream port no app binds, small buffers, short timeouts), so that a lint run
/// over the tree has findings to report.
/// </summary>
public sealed class NginxSiteWriter(TreePlan plan)
{
    private static readonly string[] Plans = ["starter", "business", "business", "pro", "enterprise"];

    private readonly ulong _seed = plan.Options.Seed;

    public GeneratedFile Write(int file, IReadOnlyList<int> upstreams)
    {
        var fileRng = Rng.For(_seed, "file", file);
        var w = new ConfigWriter(fileRng.Chance(15) ? "\t" : "    ");
        var sites = plan.SitesByFile[file];
        w.Line($"# {Names.SiteFile(file)}: managed by hostctl; local changes are kept until the next deploy.");
        if (sites.Count > 0)
        {
            w.Line($"# Sites: {string.Join(", ", sites.Select(s => s.Domain))}");
        }

        w.Line();
        foreach (var unit in upstreams)
        {
            WriteUpstream(w, unit);
        }

        foreach (var site in sites)
        {
            WriteSite(w, site);
        }

        return new GeneratedFile("etc/nginx/sites-enabled/" + Names.SiteFile(file), w.ToString());
    }

    private void WriteUpstream(ConfigWriter w, int unit)
    {
        var rng = Rng.For(_seed, "upstream", unit);

        // Mistake (1%): the app was moved to another port and the upstream was not updated.
        var port = rng.Chance(1) ? 8000 + (unit % 1000) : Names.Port(unit);
        w.Open($"upstream {Names.Upstream(unit)}");
        w.Line($"server 127.0.0.1:{port} max_fails={rng.Between(1, 5)} fail_timeout={rng.Pick(Tuning.Short)};");
        if (rng.Chance(70))
        {
            w.Line($"keepalive {rng.Pick(new[] { 8, 16, 32, 64 })};");
        }

        w.Close().Line();
    }

    private void WriteSite(ConfigWriter w, SitePlan site)
    {
        var rng = Rng.For(_seed, "server", site.Index);
        var mapVariable = rng.Chance(15) ? $"$redirect_s{site.Index + 1}" : null;
        w.Line("# ---------------------------------------------------------------------------");
        w.Line($"# {site.Domain} ({site.Style}{(site.Pool is { } p ? ", " + Names.Pool(p) : "")}{(site.Unit is { } u ? ", " + Names.Unit(u) : "")})");
        w.Line($"# customer: c{rng.Between(10000, 99999)}  plan: {rng.Pick(Plans)}  owner: ops@{site.Domain}");
        w.Line("# ---------------------------------------------------------------------------");
        if (mapVariable is not null)
        {
            w.Open($"map $request_uri {mapVariable}");
            w.Line("default \"\";");
            w.Line("~^/old-blog/(?<slug>[^/]+)/?$ /blog/$slug;");
            w.Line("\"~^/shop/p/(\\d{3,})$\" /products/$1;");
            w.Line("/index.htm /;");
            w.Close().Line();
        }

        if (site.Https)
        {
            w.Open("server");
            w.Line("listen 80;").Line("listen [::]:80;");
            w.Line($"server_name {site.Domain} www.{site.Domain};").Line();
            w.Open("location ^~ /.well-known/acme-challenge/");
            w.Line("root /var/www/letsencrypt;").Line("default_type \"text/plain\";");
            w.Close().Line();
            w.Open("location /").Line("return 301 https://$host$request_uri;").Close();
            w.Close().Line();
        }

        w.Open("server");
        if (site.Https)
        {
            w.Line("listen 443 ssl http2;").Line("listen [::]:443 ssl http2;");
        }
        else
        {
            w.Line("listen 80;").Line("listen [::]:80;");
        }

        w.Line($"server_name {site.Domain} www.{site.Domain}{(rng.Chance(20) ? $" shop.{site.Domain} static.{site.Domain}" : "")};");
        if (site.Https)
        {
            w.Line("include snippets/snakeoil.conf;");
            if (rng.Chance(50))
            {
                w.Line("ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                    + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256;");
                w.Line("ssl_session_tickets off;");
            }
        }

        WriteServerSettings(w, site, rng, mapVariable);
        var locations = new NginxLocationWriter(w, rng);
        switch (site.Style)
        {
            case SiteStyle.Php:
                locations.PhpSite(site);
                break;
            case SiteStyle.PhpWithApi:
                locations.PhpSite(site);
                locations.Api(site.Unit!.Value);
                break;
            case SiteStyle.App:
                locations.AppSite(site);
                break;
            default:
                locations.StaticSite();
                break;
        }

        locations.Common();
        w.Close().Line();
    }

    private static void WriteServerSettings(ConfigWriter w, SitePlan site, Rng rng, string? mapVariable)
    {
        w.Line();
        var root = site.Style == SiteStyle.App ? $"/srv/{Names.Unit(site.Unit!.Value)}/public" : $"/var/www/{site.Domain}/public";
        w.Line($"root {root};");
        w.Line(site.Style is SiteStyle.Php or SiteStyle.PhpWithApi ? "index index.php index.html;" : "index index.html;");
        w.Line($"access_log /var/log/nginx/{site.Domain}.access.log {(rng.Chance(30) ? "main buffer=32k flush=5s" : "combined")};");
        w.Line($"error_log /var/log/nginx/{site.Domain}.error.log {rng.Pick(new[] { "warn", "error", "notice" })};");
        w.Line($"client_max_body_size {rng.Pick(new[] { 8, 16, 32, 64, 128, 256 })}m;");
        w.Line("charset utf-8;");
        if (rng.Chance(25))
        {
            w.Line("limit_conn addr 50;");
        }

        if (rng.Chance(40))
        {
            w.Line().Line("error_page 404 /404.html;").Line("error_page 500 502 503 504 /50x.html;");
        }
        if (rng.Chance(60))
        {
            w.Line();
            w.Line("add_header X-Frame-Options \"SAMEORIGIN\" always;");
            w.Line("add_header X-Content-Type-Options \"nosniff\" always;");
            w.Line("add_header Referrer-Policy \"strict-origin-when-cross-origin\" always;");
            if (rng.Chance(40))
            {
                w.Line($"add_header Content-Security-Policy \"default-src 'self'; img-src 'self' data: https:; script-src 'self' 'unsafe-inline' https://cdn.{site.Domain}; frame-ancestors 'self'\" always;");
            }

            if (site.Https)
            {
                w.Line("add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;");
            }
        }

        // Timeouts and buffers at server level on some sites; the rest inherit http's or set them per location.
        if (rng.Chance(30))
        {
            w.Line();
            w.Line("# Slow reports need longer than the default.");
            var php = site.Style is SiteStyle.Php or SiteStyle.PhpWithApi;
            w.Line($"{(php ? "fastcgi" : "proxy")}_read_timeout {Tuning.ReadTimeout(rng)};");
            Tuning.Buffers(w, rng, php ? "fastcgi" : "proxy");
        }

        if (site.Https && rng.Chance(10))
        {
            w.Line();
            w.Open($"if ($host = www.{site.Domain})");
            w.Line($"return 301 https://{site.Domain}$request_uri;");
            w.Close();
        }

        if (rng.Chance(5))
        {
            w.Line();
            w.Open("if ($request_method !~ ^(GET|HEAD|POST|PUT|DELETE|OPTIONS)$)");
            w.Line("return 405;");
            w.Close();
        }

        if (rng.Chance(30))
        {
            w.Line();
            w.Open("if ($bad_bot)").Line("return 403;").Close();
        }

        if (rng.Chance(35))
        {
            w.Line().Line("# Pages moved in the relaunch.");
            var count = rng.Between(3, 12);
            for (var i = 0; i < count; i++)
            {
                var page = rng.Pick(Names.Nouns);
                w.Line($"rewrite ^/{page}-{i + 1}(?:\\.html)?/?$ /{rng.Pick(Names.Nouns)}/{page}-{i + 1} permanent;");
            }
        }

        if (mapVariable is not null)
        {
            w.Line();
            w.Open($"if ({mapVariable})");
            w.Line($"return 301 {mapVariable};");
            w.Close();
        }

        w.Line();
    }
}
