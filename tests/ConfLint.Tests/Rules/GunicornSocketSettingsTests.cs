using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>CL003 on gunicorn's Unix sockets where its settings come from more than the command line: gunicorn merges
/// its configuration file (-c, else gunicorn.conf.py of its working folder), then GUNICORN_CMD_ARGS, then the command
/// line (app/base.py's load_config), and binds the socket under the merged umask, chowned to the merged user and group
/// (sock.py's UnixSocket.bind); the group defaults to the process's (os.getegid()), even with --user. Tandoor's manual:
/// gunicorn_recipes.service in /var/www/recipes, nginx as www-data.</summary>
public class GunicornSocketSettingsTests
{
    private const string Socket = "/var/www/recipes/recipes.sock";

    private static CliRunner.Output Lint(string unit, string options, string? conf, string groups = "", string? socketUnit = null)
    {
        using var tree = new TempTree()
            .Write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nrecipes:x:1001:1001::/var/www/recipes:/bin/bash\n")
            .Write("etc/group", $"root:x:0:\nwww-data:x:33:\nrecipes:x:1001:{groups}\n")
            .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/recipes.conf", $"server {{\n    listen 80;\n    location / {{\n        proxy_pass http://unix:{Socket};\n    }}\n}}\n")
            .Write("etc/systemd/system/gunicorn_recipes.service", $"[Service]\n{unit}WorkingDirectory=/var/www/recipes\nExecStart=/var/www/recipes/bin/gunicorn --bind unix:{Socket} {options} recipes.wsgi:application\nRestart=always\n");
        if (conf is not null)
        {
            tree.Write("var/www/recipes/gunicorn.conf.py", conf);
        }

        if (socketUnit is not null)
        {
            tree.Write("etc/systemd/system/gunicorn_recipes.socket", socketUnit);
        }

        var lint = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL003", "--verbose");
        Assert.True(lint.ExitCode is 0 or 1, lint.Stderr);
        return lint;
    }

    private const string Recipes = "User=recipes\nGroup=recipes\n";
    private const string Tandoor = "workers = 3\ntimeout = 240\n";

    /// <summary>A configuration file that names none of umask, user and group leaves them to the other layers: judged
    /// as without the file.</summary>
    [Fact]
    public void A_file_that_sets_none_of_them_does_not_stop_the_command_line_being_judged()
    {
        var output = Lint(Recipes, "--umask 007", Tandoor).Stdout;
        Assert.Contains("gunicorn_recipes.service:3:1: error CL003 gunicorn in service 'gunicorn_recipes.service' creates /var/www/recipes/recipes.sock as recipes:recipes mode 0770 (its process's user (User=recipes of gunicorn_recipes.service), Group=recipes, mode 0777 less --umask 007)", output, StringComparison.Ordinal);
        Assert.Contains("connect() fails with (13: Permission denied)", output, StringComparison.Ordinal);
    }

    /// <summary>umask in the file, as a Python int literal or a string int(value, 0) reads; a file's user and group.</summary>
    [Theory]
    [InlineData(Recipes, Tandoor + "umask = 0o007\n", "as recipes:recipes mode 0770", "mode 0777 less umask = 0o007 in var/www/recipes/gunicorn.conf.py:3:9")]
    [InlineData(Recipes, "umask = '0o007'\n", "as recipes:recipes mode 0770", "umask = '0o007' in var/www/recipes/gunicorn.conf.py:1:9")]
    [InlineData(Recipes, "umask = 7\n", "as recipes:recipes mode 0770", "less umask = 7 in")]
    [InlineData("", "user = 'recipes'\ngroup = 'recipes'\numask = 0o027\n", "as recipes:recipes mode 0750", "(user = 'recipes' in var/www/recipes/gunicorn.conf.py:1:8, group = 'recipes' in var/www/recipes/gunicorn.conf.py:2:9,")]
    public void Settings_of_the_file_are_read(string unit, string conf, string expected, string why)
    {
        var output = Lint(unit, string.Empty, conf).Stdout;
        Assert.Contains("error CL003 gunicorn in service 'gunicorn_recipes.service' creates /var/www/recipes/recipes.sock " + expected, output, StringComparison.Ordinal);
        Assert.Contains(why, output, StringComparison.Ordinal);
    }

    /// <summary>GUNICORN_CMD_ARGS is read, and wins over the file; the command line wins over both.</summary>
    [Theory]
    [InlineData("Environment=\"GUNICORN_CMD_ARGS=--umask 007\"\n", "", null, "mode 0770", "less --umask 007 in GUNICORN_CMD_ARGS")]
    [InlineData("Environment=\"GUNICORN_CMD_ARGS=--umask 007\"\n", "", "umask = 0o077\n", "mode 0770", "less --umask 007 in GUNICORN_CMD_ARGS")]
    [InlineData("Environment=\"GUNICORN_CMD_ARGS=--umask 077\"\n", "-m 007", "umask = 0o077\n", "mode 0770", "less --umask 007)")]
    public void Layers_are_merged_in_gunicorns_order(string environment, string options, string? conf, string expected, string why)
    {
        var output = Lint(Recipes + environment, options, conf).Stdout;
        Assert.Contains("creates /var/www/recipes/recipes.sock as recipes:recipes " + expected, output, StringComparison.Ordinal);
        Assert.Contains(why, output, StringComparison.Ordinal);
    }

    /// <summary>--user alone leaves the socket's group the process's (Group's default is os.getegid()), not the user's
    /// primary group: started as root, the socket is recipes:root, and www-data's membership of group recipes does not help.</summary>
    [Fact]
    public void User_alone_leaves_the_process_group()
    {
        var output = Lint(string.Empty, "--user recipes --umask 007", null, groups: "www-data").Stdout;
        Assert.Contains("creates /var/www/recipes/recipes.sock as recipes:root mode 0770 (--user recipes, its process's group root (gunicorn's group defaults to the process's, not the user's), mode 0777 less --umask 007)", output, StringComparison.Ordinal);
    }

    /// <summary>Controls: the web server's group, the default umask, a membership, a file's group.</summary>
    [Theory]
    [InlineData("User=recipes\nGroup=www-data\n", "--umask 007", Tandoor, "")]
    [InlineData(Recipes, "", Tandoor, "")]
    [InlineData(Recipes, "", Tandoor + "umask = 0o007\n", "www-data")]
    [InlineData(Recipes, "", "umask = 0o007\ngroup = 'www-data'\n", "")]
    [InlineData(Recipes, "--group www-data", "umask = 0o007\ngroup = 'recipes'\n", "")]
    public void A_socket_the_web_server_may_write_is_no_finding(string unit, string options, string conf, string groups) =>
        Assert.DoesNotContain("error CL003", Lint(unit, options, conf, groups).Stdout, StringComparison.Ordinal);

    /// <summary>Not judged, with a note: a computed value, a value gunicorn refuses, an opaque file, a -c file not in the
    /// root, a variable.</summary>
    [Theory]
    [InlineData(Recipes, "", "import os\numask = int(os.environ['UMASK'], 8)\n", "umask in var/www/recipes/gunicorn.conf.py:2:9 is computed by code")]
    [InlineData(Recipes, "", "umask = '007'\n", "umask = '007' in var/www/recipes/gunicorn.conf.py:1:9 is not an integer gunicorn accepts")]
    [InlineData(Recipes, "", "from recipes.gunicorn_settings import *\n", "var/www/recipes/gunicorn.conf.py imports settings ConfLint cannot read, umask among them")]
    [InlineData(Recipes, "--umask 007 -c /etc/gunicorn/recipes.py", null, "gunicorn is given no --user, and gunicorn's configuration file /etc/gunicorn/recipes.py is not in the root")]
    [InlineData(Recipes + "Environment=\"GUNICORN_CMD_ARGS=--umask ${UMASK}\"\n", "", null, "--umask ${UMASK} in GUNICORN_CMD_ARGS is not known")]
    public void Settings_that_cannot_be_read_are_not_judged(string unit, string options, string? conf, string note)
    {
        var lint = Lint(unit, options, conf);
        Assert.DoesNotContain("error CL003", lint.Stdout, StringComparison.Ordinal);
        Assert.Contains("CL003 did not judge the Unix socket of gunicorn in service 'gunicorn_recipes.service': " + note, lint.Stdout + lint.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Under socket activation the socket is systemd's (SocketUser=, SocketGroup=, SocketMode=): gunicorn's umask
    /// in the file does not count.</summary>
    [Fact]
    public void A_socket_systemd_creates_is_not_judged_by_gunicorns_settings() =>
        Assert.DoesNotContain("error CL003", Lint(Recipes, string.Empty, "umask = 0o007\n",
            socketUnit: $"[Socket]\nListenStream={Socket}\nSocketUser=www-data\n\n[Install]\nWantedBy=sockets.target\n").Stdout, StringComparison.Ordinal);
}
