using System.Text.Json;
using ConfLint.Host.Systemd.AppServers;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;
using ConfLint.Text;

namespace ConfLint.Tests.Rules;

/// <summary>
/// gunicorn's settings in layers (gunicorn 20.1, app/base.py, <c>Application.load_config</c>: the <c>-c</c> file, then
/// <c>GUNICORN_CMD_ARGS</c>, then the command line, each setting what it names over the weaker ones): a <c>-c</c> file
/// ConfLint cannot read leaves unknown only what no stronger layer sets, so <c>-b</c> on the command line or in
/// <c>GUNICORN_CMD_ARGS</c> decides the binds (InvenTree's Compose override, <c>-b 0.0.0.0:${INVENTREE_WEB_PORT}</c>).
/// A shell wrapper (<c>sh -c "exec gunicorn ..."</c>) keeps the container's view of the files gunicorn names. A file's
/// <c>os.environ.get('X', '90')</c> is evaluated with the process's environment where it is known: a Compose service's
/// env_file/environment (a variable they do not set may be the image's ENV: unknown), a unit's Environment= and
/// EnvironmentFile= (unset in a complete environment: the default; an EnvironmentFile not in the root or PassEnvironment=:
/// unknown).
/// </summary>
public class GunicornConfigLayersTests
{
    private static string Compose(string command, string web = "") =>
        "services:\n  web:\n    image: example/app:1.0\n    restart: always\n    command: " + command + "\n" + web
        + "  nginx:\n    image: nginx:1.27\n    restart: always\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n";

    private const string Site = "server {\n    listen 80;\n    location / {\n        proxy_pass http://web:8000;\n    }\n}\n";

    private static TempTree Tree(string compose) => new TempTree()
        .Write("opt/web/docker-compose.yml", compose)
        .Write("opt/web/nginx/default.conf", Site);

    /// <summary>InvenTree's override: the -c file is relative in a container whose working folder is not known, yet the
    /// command line's -b wins over whatever it says.</summary>
    [Fact]
    public void A_bind_on_the_command_line_decides_whatever_an_unread_config_file_says()
    {
        using var tree = Tree(Compose("gunicorn -c ./gunicorn.conf.py app.wsgi -b 0.0.0.0:8001 --chdir ./app"));
        var refused = Assert.Single(Findings(tree));
        Assert.Equal("opt/web/nginx/default.conf", refused.GetProperty("path").GetString());
        Assert.Equal(4, refused.GetProperty("line").GetInt32());
        Assert.Contains("connects to service 'web' on port 8000, but it listens on 0.0.0.0:8001", Message(refused), StringComparison.Ordinal);
        Assert.Contains("opt/web/docker-compose.yml:5", RelatedAt(refused));
    }

    /// <summary>Controls: without -b the file may say any address (unknown, said by --verbose); the right port is silent.</summary>
    [Fact]
    public void Without_a_bind_elsewhere_an_unread_config_file_leaves_the_binds_unknown()
    {
        using var tree = Tree(Compose("gunicorn -c /etc/gunicorn/app.py app.wsgi"));
        Assert.Empty(Findings(tree));
        Assert.Contains("gunicorn is given no --bind, and gunicorn's configuration file /etc/gunicorn/app.py is not in the root", Verbose(tree), StringComparison.Ordinal);
        tree.Write("opt/web/docker-compose.yml", Compose("gunicorn -c ./gunicorn.conf.py app.wsgi -b 0.0.0.0:8000"));
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void A_bind_in_GUNICORN_CMD_ARGS_decides_whatever_an_unread_config_file_says()
    {
        using var tree = Tree(Compose("gunicorn -c /etc/gunicorn/app.py app.wsgi", "    environment:\n      GUNICORN_CMD_ARGS: \"--bind 0.0.0.0:8001 --workers 3\"\n"));
        var refused = Assert.Single(Findings(tree));
        Assert.Contains("but it listens on 0.0.0.0:8001", Message(refused), StringComparison.Ordinal);
    }

    /// <summary>sh -c runs gunicorn: its -c file is read where the container sees it (a bind mount), as without the shell.
    /// Control: without the mount the file is the image's, not read.</summary>
    [Fact]
    public void A_shell_wrapper_keeps_the_containers_view_of_the_config_file()
    {
        const string Mount = "    volumes:\n      - ./app:/app\n";
        using var tree = Tree(Compose("sh -c \"exec gunicorn -c /app/gunicorn.conf.py app.wsgi\"", Mount))
            .Write("opt/web/app/gunicorn.conf.py", "bind = '0.0.0.0:8001'\nworkers = 3\n");
        var refused = Assert.Single(Findings(tree));
        Assert.Contains("but it listens on 0.0.0.0:8001", Message(refused), StringComparison.Ordinal);
        Assert.Contains("opt/web/app/gunicorn.conf.py:1", RelatedAt(refused));

        tree.Write("opt/web/docker-compose.yml", Compose("bash -c \"exec gunicorn -c /app/gunicorn.conf.py app.wsgi\""));
        Assert.Empty(Findings(tree));
    }

    private const string FromEnvironment = "import os\n\nbind = '0.0.0.0:' + os.environ.get('APP_PORT', '8000')\ntimeout = int(os.environ.get('APP_TIMEOUT', '90'))\n";

    /// <summary>The file's os.environ.get reads the service's env_file: the value is used, for the bind and the timeout.</summary>
    [Fact]
    public void The_environment_a_compose_service_is_given_is_what_the_file_reads()
    {
        using var tree = Tree(Compose("gunicorn -c /app/gunicorn.conf.py app.wsgi", "    env_file: .env.web\n    volumes:\n      - ./app:/app\n"))
            .Write("opt/web/app/gunicorn.conf.py", FromEnvironment)
            .Write("opt/web/.env.web", "APP_PORT=8001\nAPP_TIMEOUT=300\n");
        var refused = Assert.Single(Findings(tree));
        Assert.Contains("but it listens on 0.0.0.0:8001", Message(refused), StringComparison.Ordinal);
        Assert.Contains("opt/web/app/gunicorn.conf.py:3", RelatedAt(refused));

        tree.Write("opt/web/.env.web", "APP_PORT=8000\nAPP_TIMEOUT=300\n");
        Assert.Empty(Findings(tree));
        var cut = Assert.Single(Findings(tree, "CL006"));
        Assert.Contains("lets a request run for 5m (timeout in opt/web/app/gunicorn.conf.py (with APP_TIMEOUT=300))", Message(cut), StringComparison.Ordinal);
    }

    /// <summary>Control: a variable the service's env_file and environment do not set may come from the image's ENV: the
    /// default is not taken, nothing is judged.</summary>
    [Fact]
    public void A_variable_a_compose_service_is_not_given_is_not_known()
    {
        using var tree = Tree(Compose("gunicorn -c /app/gunicorn.conf.py app.wsgi", "    volumes:\n      - ./app:/app\n"))
            .Write("opt/web/app/gunicorn.conf.py", FromEnvironment.Replace("'8000'", "'8001'", StringComparison.Ordinal));
        Assert.Empty(Findings(tree));
        Assert.Empty(Findings(tree, "CL006"));
        Assert.Contains("bind in opt/web/app/gunicorn.conf.py:3 reads APP_PORT, which the process's environment may set where ConfLint cannot see", Verbose(tree), StringComparison.Ordinal);
    }

    private static TempTree Unit(string unit) => new TempTree()
        .Write("etc/nginx/nginx.conf", "user www-data;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
        .Write("etc/nginx/conf.d/app.conf", "server {\n    listen 80;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n")
        .Write("etc/systemd/system/app.service", $"[Service]\nUser=app\n{unit}WorkingDirectory=/srv/app\nExecStart=/usr/bin/gunicorn -c /etc/app/gunicorn.conf.py app.wsgi\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
        .Write("etc/app/gunicorn.conf.py", "import os\n\nbind = '127.0.0.1:8000'\ntimeout = int(os.environ.get('APP_TIMEOUT', '90'))\n");

    /// <summary>A unit's environment is all gunicorn is given: unset there, the default of os.environ.get; set by an
    /// EnvironmentFile= of the root, its value.</summary>
    [Theory]
    [InlineData("", "lets a request run for 90s (timeout in etc/app/gunicorn.conf.py (with APP_TIMEOUT unset, so the default))")]
    [InlineData("Environment=APP_TIMEOUT=300\n", "lets a request run for 5m (timeout in etc/app/gunicorn.conf.py (with APP_TIMEOUT=300))")]
    [InlineData("EnvironmentFile=/etc/app/env\n", "lets a request run for 2m (timeout in etc/app/gunicorn.conf.py (with APP_TIMEOUT=120))")]
    public void A_units_environment_is_what_the_file_reads(string unit, string expected)
    {
        using var tree = Unit(unit).Write("etc/app/env", "APP_TIMEOUT=120\n");
        var cut = Assert.Single(Findings(tree, "CL006"));
        Assert.Equal("etc/nginx/conf.d/app.conf", cut.GetProperty("path").GetString());
        Assert.Contains(expected, Message(cut), StringComparison.Ordinal);
    }

    /// <summary>Controls: an EnvironmentFile= not in the root, or PassEnvironment=, may set the variable: not judged.</summary>
    [Theory]
    [InlineData("EnvironmentFile=-/etc/app/missing.env\n")]
    [InlineData("PassEnvironment=APP_TIMEOUT\n")]
    public void A_unit_environment_not_known_whole_leaves_the_timeout_unknown(string unit)
    {
        using var tree = Unit(unit);
        Assert.Empty(Findings(tree, "CL006"));
        Assert.Contains("timeout in etc/app/gunicorn.conf.py:4:11 reads APP_TIMEOUT, which the process's environment may set where ConfLint cannot see", Verbose(tree, "CL006"), StringComparison.Ordinal);
    }

    private static PythonAssignments.Assignment Evaluate(string line, Dictionary<string, string> environment, bool complete = true) =>
        PythonAssignments.Read(new SourceText("g.py", "import os\nx = " + line + "\n"), (string name, out bool known) =>
        {
            var found = environment.GetValueOrDefault(name);
            known = found is not null || complete;
            return found;
        }).Get("x")!;

    /// <summary>Python's own results: int() of a string in base 10 (blanks and underscores allowed), str(), +, a default
    /// that is None, os.environ[] of an unset variable (KeyError), int() of a word (ValueError); other code stays computed.</summary>
    [Theory]
    [InlineData("int(os.environ.get('T', '90'))", "90")]
    [InlineData("int(os.getenv('T', 90))", "90")]
    [InlineData("int(os.environ['N'])", "1200")]
    [InlineData("str(os.getenv('T'))", "None")]
    [InlineData("os.environ.get(\"H\", \"0.0.0.0\") + ':' + os.environ.get('P', '8000')", "10.0.0.5:8000")]
    [InlineData("int(os.environ['W'])", null)]
    [InlineData("os.environ['T']", null)]
    [InlineData("os.environ.get('P', 8000) + 1", null)]
    [InlineData("os.environ.get('T', '90') or 30", null)]
    public void Environment_idioms_are_evaluated_as_Python_does(string expression, string? expected)
    {
        var assignment = Evaluate(expression, new() { ["H"] = "10.0.0.5", ["N"] = " 1_200 ", ["W"] = "many" });
        Assert.Equal(expected, assignment.Values is [var value] ? value : null);
    }

    [Fact]
    public void A_variable_not_known_leaves_the_value_unknown_and_says_which()
    {
        var assignment = Evaluate("int(os.environ.get('T', '90'))", [], complete: false);
        Assert.True(assignment.IsComputed);
        Assert.Equal("reads T, which the process's environment may set where ConfLint cannot see", assignment.Why);
    }
}
