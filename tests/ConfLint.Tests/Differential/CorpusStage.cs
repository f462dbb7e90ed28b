using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Differential;

/// <summary>
/// One case of the corpus (<c>Differential/Corpus/{daemon}/{case}/</c>): files laid over Debian's stock configuration
/// folder of the daemon, paths relative to it (<c>sites-enabled/mastodon</c>, <c>fpm/pool.d/www.conf</c>). A
/// <c>.modules</c> file names the Apache modules to enable; a <c>.remove</c> file names stock files to delete. The case
/// <c>debian</c> is the stock folder itself (read from this machine, never committed).
/// </summary>
internal sealed record CorpusCase(string Daemon, string Name, string? Folder)
{
    public static readonly string CorpusRoot = Path.Combine(Repository.Root, "tests", "ConfLint.Tests", "Differential", "Corpus");

    private static readonly Lazy<(string Certificate, string Key)> Certificate = new(MakeCertificate);

    private static readonly Dictionary<string, string[]> ApacheDependencies = new(StringComparer.Ordinal)
    {
        ["ssl"] = ["socache_shmcb", "setenvif", "mime"],
        ["proxy_fcgi"] = ["proxy"],
        ["proxy_http"] = ["proxy"],
        ["proxy_wstunnel"] = ["proxy"],
    };

    /// <summary>The daemon's folder under the root: <c>etc/nginx</c>, <c>etc/apache2</c>, <c>etc/php/8.2</c>.</summary>
    public string ConfigFolder => Daemon switch { "nginx" => "etc/nginx", "apache" => "etc/apache2", _ => "etc/php/8.2" };

    public static IEnumerable<CorpusCase> All()
    {
        foreach (var daemon in new[] { "nginx", "apache", "php-fpm" })
        {
            yield return new CorpusCase(daemon, "debian", null);
            foreach (var folder in Directory.EnumerateDirectories(Path.Combine(CorpusRoot, daemon)).Order(StringComparer.Ordinal))
            {
                yield return new CorpusCase(daemon, Path.GetFileName(folder), folder);
            }
        }
    }

    /// <summary>The files a mutation may edit, relative to <see cref="ConfigFolder"/>, and their text.</summary>
    public IEnumerable<(string File, string Text)> Targets()
    {
        if (Folder is null)
        {
            string[] stock = Daemon switch
            {
                "nginx" => ["nginx.conf", "sites-available/default", "snippets/fastcgi-php.conf"],
                "apache" => ["apache2.conf", "ports.conf", "sites-available/000-default.conf", "sites-available/default-ssl.conf", "conf-available/security.conf"],
                _ => ["fpm/php-fpm.conf", "fpm/pool.d/www.conf"],
            };
            foreach (var file in stock)
            {
                yield return (file, Stock(file));
            }

            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!Path.GetFileName(path).StartsWith('.'))
            {
                yield return (Path.GetRelativePath(Folder, path).Replace('\\', '/'), File.ReadAllText(path));
            }
        }
    }

    /// <summary>A stock file of this machine; Debian's default-ssl.conf names the snakeoil pair of the ssl-cert package
    /// (only recommended by apache2), so it is pointed at the certificate the stage writes.</summary>
    private string Stock(string file)
    {
        var text = File.ReadAllText(Path.Combine("/", ConfigFolder, file));
        return file == "sites-available/default-ssl.conf"
            ? text.Replace("/etc/ssl/certs/ssl-cert-snakeoil.pem", "/etc/apache2/ssl/site.crt", StringComparison.Ordinal)
                .Replace("/etc/ssl/private/ssl-cert-snakeoil.key", "/etc/apache2/ssl/site.key", StringComparison.Ordinal)
            : text;
    }

    /// <summary>Lays the case (and the mutant's edit, if any) out as a root: the stock folder, the case's files, a
    /// certificate, log and state folders, the accounts, and PHP-FPM's systemd unit (which runs it as root).</summary>
    public TempTree Stage(Mutation.Mutant? mutant)
    {
        var tree = new TempTree();
        tree.CopyHostFolder("/" + ConfigFolder, ConfigFolder);
        foreach (var account in new[] { "etc/passwd", "etc/group" })
        {
            tree.Write(account, File.ReadAllText("/" + account));
        }

        Directory.CreateDirectory(tree.Path("var/log/nginx"));
        Directory.CreateDirectory(tree.Path("var/log/php-fpm"));
        Directory.CreateDirectory(tree.Path("var/log/apache2"));
        Directory.CreateDirectory(tree.Path("var/lib/nginx"));
        var (certificate, key) = Certificate.Value;
        tree.Write(ConfigFolder + "/ssl/site.crt", certificate).Write(ConfigFolder + "/ssl/site.key", key);
        switch (Daemon)
        {
            case "nginx":
                tree.CopyHostFolder("/usr/share/nginx/modules-available", "usr/share/nginx/modules-available");

                // What a live root shows of how nginx starts: Debian's unit runs the master as root (accounts are looked up).
                tree.Write("usr/lib/systemd/system/nginx.service", File.ReadAllText("/usr/lib/systemd/system/nginx.service"));
                Directory.CreateDirectory(tree.Path("var/lib/dpkg"));
                File.Copy("/var/lib/dpkg/status", tree.Path("var/lib/dpkg/status"));
                if (Folder is not null)
                {
                    File.Delete(tree.Path("etc/nginx/sites-enabled/default"));
                }

                break;
            case "apache":
                EnableApache(tree, Folder is null ? ["ssl"] : []);
                if (Folder is null)
                {
                    tree.Write("etc/apache2/sites-available/default-ssl.conf", Stock("sites-available/default-ssl.conf"));
                    File.CreateSymbolicLink(tree.Path("etc/apache2/sites-enabled/default-ssl.conf"), "../sites-available/default-ssl.conf");
                }

                break;
            default:
                tree.Write("usr/lib/systemd/system/php8.2-fpm.service", File.ReadAllText("/usr/lib/systemd/system/php8.2-fpm.service"));
                break;
        }

        if (Folder is not null)
        {
            if (File.Exists(Path.Combine(Folder, ".remove")))
            {
                foreach (var line in File.ReadAllLines(Path.Combine(Folder, ".remove")).Where(l => l.Length > 0))
                {
                    File.Delete(tree.Path(ConfigFolder + "/" + line));
                }
            }

            if (File.Exists(Path.Combine(Folder, ".modules")))
            {
                EnableApache(tree, File.ReadAllText(Path.Combine(Folder, ".modules")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            foreach (var (file, text) in Targets())
            {
                tree.Write(ConfigFolder + "/" + file, text);
            }
        }

        if (mutant is not null)
        {
            tree.Write(ConfigFolder + "/" + mutant.File, mutant.Text);
            foreach (var (file, text) in mutant.ExtraFiles)
            {
                tree.Write(ConfigFolder + "/" + file, text);
            }
        }

        return tree;
    }

    private static void EnableApache(TempTree tree, IEnumerable<string> modules)
    {
        var pending = new Queue<string>(modules);
        while (pending.TryDequeue(out var module))
        {
            foreach (var dependency in ApacheDependencies.GetValueOrDefault(module) ?? [])
            {
                pending.Enqueue(dependency);
            }

            foreach (var suffix in new[] { ".load", ".conf" })
            {
                var link = tree.Path("etc/apache2/mods-enabled/" + module + suffix);
                if (File.Exists(tree.Path("etc/apache2/mods-available/" + module + suffix)) && !File.Exists(link) && new FileInfo(link).LinkTarget is null)
                {
                    File.CreateSymbolicLink(link, "../mods-available/" + module + suffix);
                }
            }
        }
    }

    private static (string, string) MakeCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=conflint.test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return (certificate.ExportCertificatePem() + "\n", rsa.ExportPkcs8PrivateKeyPem() + "\n");
    }
}
