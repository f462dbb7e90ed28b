using ConfLint.Syntax;

namespace ConfLint.Workspace;

/// <summary>
/// Tells which kind of configuration a file holds, from its path first and its content second. Files that
/// live beside configs but are not configs (Apache's <c>envvars</c> and <c>magic</c>, <c>php.ini</c>) have
/// no kind.
/// </summary>
public static class KindDetector
{
    private static readonly string[] UnitSuffixes =
    [
        ".service", ".socket", ".target", ".timer", ".mount", ".automount", ".path", ".slice", ".swap", ".scope", ".device",
    ];

    /// <summary>PM2's ecosystem files, by the names <c>pm2 init</c> and PM2's documentation give them.</summary>
    public static readonly string[] Pm2Names =
    [
        "ecosystem.config.js", "ecosystem.config.cjs", "ecosystem.config.json", "ecosystem.json", "ecosystem.config.yml", "ecosystem.config.yaml", "ecosystem.yml", "ecosystem.yaml",
    ];

    private static readonly string[] NotConfigNames =
    [
        "envvars", "magic", "php.ini", "README", "LICENSE", "EXPECTED", "Makefile", "Dockerfile", "Containerfile", "Caddyfile", "Jenkinsfile",
        "Vagrantfile", "Procfile", "Gemfile", "Rakefile", "Brewfile", "Justfile", "CODEOWNERS",
        "proftpd.conf", // ProFTPD's, written like Apache's (its other files are left out by their folder)
        "slapd.conf", // OpenLDAP's: `include ...schema`, `require LDAPv3`, words Apache also has
    ];

    /// <summary>Apache's authorization providers (<c>Require all granted</c>, <c>Require ip ...</c>): the word after
    /// <c>Require</c> in Apache's files. Ruby's <c>require "gem"</c> and OpenLDAP's <c>require LDAPv3</c> name none.</summary>
    private static readonly HashSet<string> RequireProviders = new(StringComparer.OrdinalIgnoreCase)
    {
        "all", "not", "env", "method", "expr", "user", "group", "valid-user", "ip", "host", "forward-dns", "local", "file-owner", "file-group",
        "ldap-user", "ldap-group", "ldap-dn", "ldap-attribute", "ldap-filter", "ldap-search", "dbd-group", "dbm-group",
    };

    /// <summary>The only names whose kind may be guessed from content: none of these extensions is another language's.
    /// A repository walked as a folder holds scripts, styles and sources whose lines also end in ';' or '{'.</summary>
    private static readonly string[] GuessedExtensions = ["", ".conf", ".cfg", ".vhost", ".site", ".nginx", ".inc", ".include", ".load"];

    private static readonly string[] NotConfigExtensions =
    [
        ".ini", ".md", ".txt", ".yml", ".yaml", ".json", ".sh", ".py", ".rb", ".js", ".html", ".php", ".env", ".toml", ".cnf", ".css",
        ".ts", ".tsx", ".lua", ".pem", ".crt", ".key", ".csr", ".der", ".p12", ".pfx", ".csv", ".log", ".sql", ".groovy", ".properties",
        // Configuration-management sources: Salt states (YAML with Jinja), Puppet manifests and their templates.
        ".sls", ".pp", ".epp",
        // Templates another program fills in first (envsubst, Jinja, ERB): their `${VAR}` is not what the daemon reads.
        ".template", ".tmpl", ".tpl", ".stpl", ".j2", ".jinja", ".jinja2", ".erb", ".mustache",
        ".http", ".map", // HAProxy's error pages and maps
        ".xml", ".policy", // Tomcat's other files: of them ConfLint reads server.xml only
        // A site's static files kept beside its nginx configuration (Mailu's core/nginx/static): images, fonts, manifests.
        ".png", ".jpg", ".jpeg", ".gif", ".ico", ".svg", ".webp", ".webmanifest", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".pdf",
        ".gz", ".zip", ".tgz",
    ];

    /// <summary>A template's extension inside the name (<c>server.tpl.conf</c>, <c>site.template.conf</c>): the last extension
    /// is what the rendered file will be called.</summary>
    private static readonly string[] TemplateInfixes = [".template.", ".tmpl.", ".tpl.", ".j2.", ".jinja.", ".jinja2.", ".erb."];

    /// <summary>Directives that only Apache has, for a file whose path says nothing (any case, as httpd reads them; a line
    /// whose next word is an assignment, a shell's <c>alias ll='ls -l'</c>, is not one).</summary>
    private static readonly HashSet<string> ApacheDirectives = new(StringComparer.OrdinalIgnoreCase)
    {
        "ServerName", "ServerAlias", "ServerRoot", "DocumentRoot", "Listen", "LoadModule", "Include", "IncludeOptional",
        "ProxyPass", "ProxyPassReverse", "ProxyPassMatch", "SetHandler", "ErrorLog", "CustomLog", "RewriteEngine", "RewriteRule",
        "Define", "User", "Group", "ServerAdmin", "Options", "AllowOverride", "Require", "DirectoryIndex", "Alias",
    };

    public static ConfigKind? Detect(string path, Func<string?>? readHead = null) => Detect(path, readHead, out _);

    /// <summary>The kind, and whether it was only guessed from the content (the path said nothing).</summary>
    public static ConfigKind? Detect(string path, Func<string?>? readHead, out bool guessed)
    {
        guessed = false;
        var normalized = path.Replace('\\', '/');
        var name = normalized[(normalized.LastIndexOf('/') + 1)..];
        if (name == "server.xml")
        {
            return ConfigKind.Tomcat;
        }

        if (Compose.ComposeDiscovery.IsComposeName(name) || Compose.ComposeDiscovery.IsVariantName(name))
        {
            return ConfigKind.Compose;
        }

        if (Pm2Names.Contains(name, StringComparer.Ordinal))
        {
            return ConfigKind.Pm2;
        }

        if (name.EndsWith(".ini", StringComparison.Ordinal) && (normalized.Contains("/supervisord.d/", StringComparison.Ordinal) || normalized.Contains("/supervisor.d/", StringComparison.Ordinal)))
        {
            return ConfigKind.Supervisor;
        }

        if (IsKnownNonConfig(name) || normalized.Contains("/logrotate", StringComparison.Ordinal) || normalized.Contains("/proftpd/", StringComparison.Ordinal) || name.StartsWith('.') || name.EndsWith('~') || name.EndsWith(".dpkg-dist", StringComparison.Ordinal)
            || name.EndsWith(".dpkg-old", StringComparison.Ordinal) || name.EndsWith(".swp", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (FromPath(segments, name) is { } kind)
        {
            if (kind == ConfigKind.Apache && !segments.Contains("apache2", StringComparer.Ordinal) && !segments.Contains("httpd", StringComparer.Ordinal)
                && readHead?.Invoke() is { } httpdHead && OpensBraceBlock(httpdHead))
            {
                // OpenBSD's httpd(8) reads /etc/httpd.conf too: `server "name" {` blocks and macros, nothing Apache reads.
                return null;
            }

            if (kind == ConfigKind.Nginx && name.EndsWith(".conf", StringComparison.Ordinal) && !(segments.Length >= 2 && NginxFolders.Contains(segments[^2], StringComparer.Ordinal))
                && readHead?.Invoke() is { } nginxHead && IsFpmPoolText(nginxHead))
            {
                // A PHP-FPM pool kept among nginx's files (centminmod's conf/phpfpmd/, which php-fpm.conf includes): nginx
                // would read `[www]` as an unknown directive, and nothing of nginx's includes it.
                return ConfigKind.PhpFpm;
            }

            // A folder named nginx also holds other programs' files (an s6 service's run script, a Dockerfile's
            // template): a name that is not one of nginx's is a guess, left out of a folder walk when it does not parse.
            guessed = kind == ConfigKind.Nginx && !IsNginxName(segments, name);
            return kind;
        }

        if (!GuessedExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        guessed = true;
        return readHead?.Invoke() is { } head && !head.StartsWith("#!", StringComparison.Ordinal) ? FromContent(head) : null;
    }

    /// <summary>nginx's own file names: its extensions, the files its package installs, and any name in the folders sites
    /// and snippets are kept in.</summary>
    private static bool IsNginxName(string[] segments, string name) =>
        NginxExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase)
        || NginxNames.Contains(name, StringComparer.Ordinal)
        || (segments.Length >= 2 && NginxFolders.Contains(segments[^2], StringComparer.Ordinal));

    private static readonly string[] NginxExtensions = [".conf", ".vhost", ".site", ".nginx", ".inc", ".include", ".types", ".rules", ".locations"];

    private static readonly string[] NginxNames = ["fastcgi_params", "scgi_params", "uwsgi_params", "proxy_params", "koi-utf", "koi-win", "win-utf"];

    private static readonly string[] NginxFolders = ["sites-available", "sites-enabled", "conf.d", "snippets", "vhosts", "vhosts.d", "servers", "sites"];

    private static ConfigKind? FromPath(string[] segments, string name)
    {
        bool Has(string segment) => segments.Contains(segment, StringComparer.Ordinal);

        if (UnitSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)))
        {
            return ConfigKind.Systemd;
        }

        if (name.EndsWith(".conf", StringComparison.Ordinal) && segments.Length >= 2 && segments[^2].EndsWith(".d", StringComparison.Ordinal)
            && (Has("systemd") || UnitSuffixes.Any(s => segments[^2].EndsWith(s + ".d", StringComparison.Ordinal))))
        {
            return ConfigKind.Systemd;
        }

        if (name == "supervisord.conf" || ((Has("supervisor") || Has("supervisord.d") || Has("supervisor.d")) && (name.EndsWith(".conf", StringComparison.Ordinal) || name.EndsWith(".ini", StringComparison.Ordinal))))
        {
            return ConfigKind.Supervisor;
        }

        if (name.EndsWith(".cfg", StringComparison.Ordinal) && (Has("haproxy") || name.StartsWith("haproxy", StringComparison.Ordinal)))
        {
            return ConfigKind.Haproxy;
        }

        if (Has("nginx"))
        {
            return ConfigKind.Nginx;
        }

        if (Has("apache2") || Has("httpd") || name is "apache2.conf" or "httpd.conf")
        {
            return ConfigKind.Apache;
        }

        // php-fpm.conf in another program's drop-in folder (fluent-bit's parsers.d, zabbix_agentd.conf.d, tmpfiles.d) is
        // that program's file about PHP-FPM: its kind is guessed from its content like any other .conf.
        var dropIn = segments.Length >= 2 && segments[^2].EndsWith(".d", StringComparison.Ordinal);
        if ((name == "php-fpm.conf" && !dropIn) || (Has("php") && Has("fpm")) || Has("php-fpm.d") || (Has("pool.d") && Has("php")))
        {
            return ConfigKind.PhpFpm;
        }

        return null;
    }

    /// <summary>Whether a file name is one that lives beside configurations but is none ConfLint lints as a kind
    /// (php.ini, documentation, scripts, data): named on the command line, it is skipped with a note, not refused.</summary>
    public static bool IsKnownNonConfig(string path)
    {
        var name = path[(path.Replace('\\', '/').LastIndexOf('/') + 1)..];
        return NotConfigNames.Contains(name, StringComparer.Ordinal) || IsToolFileName(name) || NotConfigExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            || TemplateInfixes.Any(e => name.Contains(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A tool's own file named in one capitalised word ending in <c>file</c> (Ruby's Guardfile, Berksfile, Capfile,
    /// Podfile, Dangerfile; Tiltfile, Earthfile, Snakefile): written in that tool's language, never a daemon's file.</summary>
    private static bool IsToolFileName(string name) =>
        name.Length > 5 && name.EndsWith("file", StringComparison.Ordinal) && char.IsAsciiLetterUpper(name[0])
        && name.AsSpan(1).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz") < 0;

    /// <summary>Whether the keys of a file's first lines are PHP-FPM's: one only PHP-FPM has (<c>pm</c>, <c>pm.*</c>,
    /// <c>listen.*</c>, <c>php_admin_value[...]</c>...), or keys PHP-FPM knows and none it lacks. Other programs' INI
    /// files share some of its keys (vsftpd's <c>listen=YES</c>, stunnel's <c>pid</c>, uwsgi's <c>chdir</c>), and
    /// php-fpm refuses an unknown entry, so a file of such keys among others is not PHP-FPM's.</summary>
    private static bool HasFpmKey(string head)
    {
        var table = Knowledge.FpmKeyTable.Instance;
        var known = false;
        var foreign = false;
        foreach (var raw in head.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is ';' or '#' or '[' || line.IndexOf('=') is not (> 0 and var eq))
            {
                continue;
            }

            var key = line[..eq].Trim();
            var bracket = key.IndexOf('[');
            if (key == "pm" || key.StartsWith("pm.", StringComparison.Ordinal) || key.StartsWith("listen.", StringComparison.Ordinal)
                || (bracket > 0 && table.Find(key[..(bracket + 1)] + "]", global: false) is not null))
            {
                return true;
            }

            if (table.Find(key, global: false) is not null || table.Find(key, global: true) is not null)
            {
                known = true;
            }
            else
            {
                foreign = true;
            }
        }

        return known && !foreign;
    }

    /// <summary>Whether the first meaningful line is an INI section header (<c>[www]</c>) and the keys are PHP-FPM's.</summary>
    private static bool IsFpmPoolText(string head)
    {
        foreach (var raw in head.Split('\n'))
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            return line.StartsWith('[') && line.EndsWith(']') && HasFpmKey(head);
        }

        return false;
    }

    /// <summary>Whether a line that is not a comment ends by opening a <c>{</c> block, which no Apache file has.</summary>
    private static bool OpensBraceBlock(string head) =>
        head.Split('\n').Select(l => l.Trim()).Any(l => l.Length > 0 && l[0] != '#' && l.EndsWith('{'));

    /// <summary>A guess from the first lines of a file that sits outside the standard folders.</summary>
    public static ConfigKind? FromContent(string head)
    {
        if (head.IndexOf('\0') >= 0)
        {
            return null;
        }

        foreach (var raw in head.Split('\n'))
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                return line is "[Unit]" or "[Service]" or "[Install]" or "[Socket]" or "[Timer]" or "[Mount]" or "[Path]"
                    ? ConfigKind.Systemd
                    : HasFpmKey(head) ? ConfigKind.PhpFpm : null;
            }

            if (line.StartsWith('<'))
            {
                return ConfigKind.Apache;
            }

            if (line.EndsWith(';') || line.EndsWith('{') || line.EndsWith('}'))
            {
                return ConfigKind.Nginx;
            }

            if (line.IndexOf('=') is > 0 and var equals && line[..equals].Trim().IndexOfAny([' ', '\t']) < 0)
            {
                // key = value: an INI file (a pool without its section header above the first lines), never Apache.
                return HasFpmKey(head) ? ConfigKind.PhpFpm : null;
            }

            var words = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var first = words[0];
            if (IsHaproxySection(words))
            {
                return ConfigKind.Haproxy;
            }

            if (ApacheDirectives.Contains(first) && !(words.Length >= 2 && words[1].Contains('=', StringComparison.Ordinal))
                && !(first.Equals("Require", StringComparison.OrdinalIgnoreCase) && !(words.Length >= 2 && RequireProviders.Contains(words[1]))))
            {
                return ConfigKind.Apache;
            }

            return null;
        }

        return null;
    }

    /// <summary>A HAProxy section header: its keyword in lower case, as HAProxy writes it (Apache's <c>Listen 80</c> is not
    /// <c>listen NAME</c>).</summary>
    private static bool IsHaproxySection(string[] words) =>
        Syntax.Haproxy.HaproxySections.IsSection(words[0])
        && (words[0] != "listen" || (words.Length >= 2 && !words[1].Contains(':') && !words[1].All(char.IsAsciiDigit)));
}
