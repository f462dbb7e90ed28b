namespace ConfLint.Syntax;

/// <summary>The kinds of configuration file ConfLint reads.</summary>
public enum ConfigKind
{
    Nginx,
    Apache,
    PhpFpm,
    Systemd,

    /// <summary>supervisord's INI files (<c>supervisord.conf</c>, <c>conf.d/*.conf</c>).</summary>
    Supervisor,

    /// <summary>A Docker Compose file (<c>compose.yaml</c>, <c>docker-compose.yml</c> and their overrides).</summary>
    Compose,

    /// <summary>A PM2 ecosystem file (<c>ecosystem.config.js</c>, <c>.json</c>, <c>.yml</c>).</summary>
    Pm2,

    Haproxy,
    Tomcat,
}

public static class ConfigKinds
{
    /// <summary>The name used on the command line and in JSON: nginx, apache, php-fpm, systemd, supervisord, compose, pm2, haproxy, tomcat.</summary>
    public static string Name(this ConfigKind kind) => kind switch
    {
        ConfigKind.Nginx => "nginx",
        ConfigKind.Apache => "apache",
        ConfigKind.PhpFpm => "php-fpm",
        ConfigKind.Systemd => "systemd",
        ConfigKind.Supervisor => "supervisord",
        ConfigKind.Compose => "compose",
        ConfigKind.Pm2 => "pm2",
        ConfigKind.Haproxy => "haproxy",
        ConfigKind.Tomcat => "tomcat",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string name, out ConfigKind kind)
    {
        switch (name.ToLowerInvariant())
        {
            case "nginx":
                kind = ConfigKind.Nginx;
                return true;
            case "apache":
            case "apache2":
            case "httpd":
                kind = ConfigKind.Apache;
                return true;
            case "php-fpm":
            case "phpfpm":
            case "fpm":
                kind = ConfigKind.PhpFpm;
                return true;
            case "systemd":
                kind = ConfigKind.Systemd;
                return true;
            case "supervisord":
            case "supervisor":
                kind = ConfigKind.Supervisor;
                return true;
            case "compose":
            case "docker-compose":
                kind = ConfigKind.Compose;
                return true;
            case "pm2":
                kind = ConfigKind.Pm2;
                return true;
            case "haproxy":
                kind = ConfigKind.Haproxy;
                return true;
            case "tomcat":
                kind = ConfigKind.Tomcat;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
