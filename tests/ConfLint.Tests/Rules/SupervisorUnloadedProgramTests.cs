using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;

namespace ConfLint.Tests.Rules;

/// <summary>CL001 and a supervisord program file its <c>[include] files</c> glob does not load (Debian's
/// <c>conf.d/*.conf</c> beside <c>app.ini</c>, RHEL's <c>supervisord.d/*.ini</c> beside <c>app.conf</c>): where nothing
/// ConfLint reads listens at the target and the file's program would, a warning naming the program, the file and the
/// pattern, with the rename as advice; where CL001 already judges, the file is named in its message; a file whose program
/// listens elsewhere, or a loaded program at the target, brings no mention.</summary>
public class SupervisorUnloadedProgramTests
{
    private const string Gunicorn = "command=/srv/app/venv/bin/gunicorn --bind 127.0.0.1:{0} app:app\ndirectory=/srv/app\n";

    private static string Nginx(string pass) =>
        "events {}\nhttp {\n    server {\n        listen 80;\n        server_name app.example.com;\n        location / {\n            " + pass + ";\n        }\n    }\n}\n";

    private static string Program(string name, int port) => $"[program:{name}]\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Gunicorn, port);

    private static (string? Applicability, string? Description, int Edits) Fix(JsonElement finding) =>
        finding.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object
            ? (fix.GetProperty("applicability").GetString(), fix.GetProperty("description").GetString(), fix.GetProperty("edits").GetArrayLength())
            : (null, null, 0);

    private static List<string> Related(JsonElement finding) =>
        finding.GetProperty("related").EnumerateArray().Select(r => $"{r.GetProperty("path").GetString()}:{r.GetProperty("line").GetInt32()}: {r.GetProperty("message").GetString()}").ToList();

    /// <summary>The corpus's Debian shop with its program file renamed webshop.ini: supervisord (files =
    /// /etc/supervisor/conf.d/*.conf) never starts uwsgi, so shop.sock is never made. The admin site's target
    /// (webshop-admin.sock, the seeded drift) is no socket the unloaded programs would make: not named.</summary>
    [Fact]
    public void Debian_conf_d_glob_does_not_load_an_ini_file()
    {
        using var tree = new TempTree().CopyFrom(Path.Combine(Repository.Root, "fixtures/corpus/supervisord-uwsgi-ini"));
        File.Move(tree.Path("etc/supervisor/conf.d/webshop.conf"), tree.Path("etc/supervisor/conf.d/webshop.ini"));
        var finding = Assert.Single(Findings(tree));
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal(11, finding.GetProperty("line").GetInt32());
        Assert.Equal("uwsgi_pass unix:/srv/webshop/run/shop.sock: no back end ConfLint reads listens there; supervisord program 'shop' in etc/supervisor/conf.d/webshop.ini would listen on /srv/webshop/run/shop.sock, "
            + "but supervisord loads only /etc/supervisor/conf.d/*.conf from that folder ([include] files in etc/supervisor/supervisord.conf), which does not match the file's name, so it never starts the program, and nginx answers 502",
            Message(finding));
        Assert.Equal(
            [
                "srv/webshop/deploy/shop.ini:8: supervisord program 'shop' would listen here, but supervisord does not load etc/supervisor/conf.d/webshop.ini",
                "etc/supervisor/conf.d/webshop.ini:6: [program:shop] of a file supervisord does not load",
                "etc/supervisor/supervisord.conf:19: supervisord loads only the files /etc/supervisor/conf.d/*.conf matches in that folder",
            ],
            Related(finding));
        var (applicability, description, edits) = Fix(finding);
        Assert.Equal("display-only", applicability);
        Assert.Equal(0, edits);
        Assert.Equal("If program 'shop' is the one meant, rename etc/supervisor/conf.d/webshop.ini to webshop.conf (supervisord loads only /etc/supervisor/conf.d/*.conf there), then run supervisorctl reread && supervisorctl update", description);
    }

    /// <summary>RHEL's (EPEL's) /etc/supervisord.conf: files = supervisord.d/*.ini, relative to its own folder; a guide's
    /// app.conf there is never read; gunicorn's TCP bind would have been the target.</summary>
    [Fact]
    public void Rhel_supervisord_d_glob_does_not_load_a_conf_file()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx("proxy_pass http://127.0.0.1:8000"))
            .Write("etc/supervisord.conf", "[supervisord]\nnodaemon=false\n\n[include]\nfiles = supervisord.d/*.ini\n")
            .Write("etc/supervisord.d/app.conf", Program("app", 8000));
        var finding = Assert.Single(Findings(tree));
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Contains("supervisord program 'app' in etc/supervisord.d/app.conf would listen on 127.0.0.1:8000, but supervisord loads only /etc/supervisord.d/*.ini from that folder ([include] files in etc/supervisord.conf)",
            Message(finding), StringComparison.Ordinal);
        Assert.Equal("If program 'app' is the one meant, rename etc/supervisord.d/app.conf to app.ini (supervisord loads only /etc/supervisord.d/*.ini there), then run supervisorctl reread && supervisorctl update", Fix(finding).Description);
    }

    /// <summary>Where a loaded program listens elsewhere, CL001 judges as before; a file supervisord does not load is named
    /// in its message only where its program would listen at the target.</summary>
    [Fact]
    public void Where_CL001_judges_the_unloaded_file_is_named_only_at_the_target()
    {
        static TempTree Tree() => new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx("proxy_pass http://127.0.0.1:8000"))
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/app.conf", Program("app", 8001));

        using (var tree = Tree().Write("etc/supervisor/conf.d/old.conf.disabled", Program("old", 8002)))
        {
            var finding = Assert.Single(Findings(tree));
            Assert.Contains("supervisord program 'app' listens on 127.0.0.1:8001", Message(finding), StringComparison.Ordinal);
            Assert.DoesNotContain("supervisord loads only", Message(finding), StringComparison.Ordinal);
            Assert.DoesNotContain(Related(finding), r => r.Contains("old.conf.disabled", StringComparison.Ordinal));
        }

        using (var tree = Tree().Write("etc/supervisor/conf.d/old.conf.disabled", Program("old", 8000)))
        {
            var finding = Assert.Single(Findings(tree));
            Assert.Contains("supervisord program 'app' listens on 127.0.0.1:8001", Message(finding), StringComparison.Ordinal);
            Assert.Contains("; supervisord program 'old' in etc/supervisor/conf.d/old.conf.disabled would listen on 127.0.0.1:8000, but supervisord loads only /etc/supervisor/conf.d/*.conf from that folder", Message(finding), StringComparison.Ordinal);
            Assert.Contains("etc/supervisor/conf.d/old.conf.disabled:2: supervisord program 'old' would listen here, but supervisord does not load etc/supervisor/conf.d/old.conf.disabled", Related(finding));
        }
    }

    /// <summary>A loaded program at the target: nothing to report, and a stale copy of its file at the same address
    /// (app.conf.bak) is no finding either; nor is an unloaded program elsewhere where nothing listens at the target.</summary>
    [Fact]
    public void A_loaded_program_at_the_target_brings_no_mention()
    {
        using (var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx("proxy_pass http://127.0.0.1:8000"))
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/app.conf", Program("app", 8000))
            .Write("etc/supervisor/conf.d/app.conf.bak", Program("app", 8000)))
        {
            Assert.Empty(Findings(tree));
        }

        using (var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", Nginx("proxy_pass http://127.0.0.1:8000"))
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/app.ini", Program("app", 8001)))
        {
            Assert.Empty(Findings(tree));
        }
    }
}
