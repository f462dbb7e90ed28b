namespace ConfLint.Syntax;

/// <summary>The kinds of configuration file ConfLint reads.</summary>
public enum ConfigKind
{
    Nginx,
    Apache,
    PhpFpm,
    Systemd,
    Haproxy,
    Tomcat,
}

public static class ConfigKinds
{
    /// <summary>The name used on the command line and in JSON: nginx, apache, php-fpm, systemd, haproxy, tomcat.</summary>
    public static string Name(this ConfigKind kind) => kind switch
    {
        ConfigKind.Nginx => "nginx",
        ConfigKind.Apache => "apache",
        ConfigKind.PhpFpm => "php-fpm",
        ConfigKind.Systemd => "systemd",
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
