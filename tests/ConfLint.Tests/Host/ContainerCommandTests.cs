using ConfLint.Host.Compose;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Host;

/// <summary>A Compose service's command read by the application servers' readers (the ones systemd units and supervisord
/// programs use): binds with the word that says them, the servers' defaults, and what stays unknown in a container.</summary>
public class ContainerCommandTests
{
    private static IReadOnlyList<ContainerListener>? Listeners(string service)
    {
        using var tree = new TempTree().Write("compose.yaml", "services:\n  app:\n" + service);
        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        return ContainerListeners.Of(Assert.Single(workspace.ComposeProjects).Service("app")!);
    }

    [Theory]
    [InlineData("    image: python:3.12\n    command: flask run --host 0.0.0.0 --port 5001\n", "0.0.0.0", 5001)]
    [InlineData("    image: python:3.12\n    command: flask --app web run\n", "127.0.0.1", 5000)]
    [InlineData("    image: python:3.12\n    command: python manage.py runserver 0.0.0.0:8001\n", "0.0.0.0", 8001)]
    [InlineData("    image: python:3.12\n    command: python manage.py runserver\n", "127.0.0.1", 8000)]
    [InlineData("    image: python:3.12\n    command: [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8080\"]\n", "0.0.0.0", 8080)]
    [InlineData("    image: python:3.12\n    command: uwsgi --http-socket :8002 --module app\n", "0.0.0.0", 8002)]
    [InlineData("    image: ruby:3.3\n    command: bundle exec puma -b tcp://0.0.0.0:3000\n", "0.0.0.0", 3000)]
    [InlineData("    image: node:20\n    command: node server.js\n    environment:\n      PORT: \"3005\"\n", "0.0.0.0", 3005)]
    [InlineData("    image: python:3.12\n    entrypoint: [\"tini\", \"--\"]\n    command: gunicorn -b 0.0.0.0:8003 app:app\n", "0.0.0.0", 8003)]
    [InlineData("    image: python:3.12\n    command: sh -c \"gunicorn -b :8000 app:app\"\n", "0.0.0.0", 8000)]
    [InlineData("    image: python:3.12\n    command: [\"bash\", \"-lc\", \"cd /app && PORT=1 exec gunicorn --bind 0.0.0.0:8004 app:app\"]\n", "0.0.0.0", 8004)]
    public void A_command_is_read_as_its_server_reads_it(string service, string host, int port)
    {
        var listener = Assert.Single(Listeners(service)!);
        Assert.Equal((host, port), (listener.Host, listener.Port));
    }

    [Theory]
    [InlineData("    image: python:3.12\n    command: gunicorn app:app\n")]
    [InlineData("    image: ruby:3.3\n    command: bundle exec puma\n")]
    [InlineData("    image: node:20\n    command: node server.js\n")]
    [InlineData("    image: node:20\n    command: node server.js\n    env_file: .env\n    environment:\n      NODE_ENV: production\n")]
    [InlineData("    image: python:3.12\n    command: uvicorn main:app\n    environment:\n      UVICORN_PORT:\n")]
    [InlineData("    image: python:3.12\n    command: gunicorn --bind unix:/run/app.sock app:app\n")]
    [InlineData("    image: python:3.12\n    command: sh -c \"pip install -r requirements.txt && gunicorn -b :$$PORT app:app\"\n")]
    public void What_the_image_or_an_unseen_environment_decides_is_unknown(string service)
    {
        Assert.Null(Listeners(service));
    }

    private static IReadOnlyList<ContainerListener>? WithHost(string service, params (string Path, string Text)[] files)
    {
        using var tree = new TempTree().Write("compose.yaml", "services:\n  app:\n" + service);
        foreach (var (path, text) in files)
        {
            tree.Write(path, text);
        }

        var host = HostTrees.Model(tree);
        return ContainerListeners.Of(Assert.Single(host.Workspace.ComposeProjects).Service("app")!, host);
    }

    [Theory]
    [InlineData("    env_file: .env\n", "# the app\nexport NODE_ENV=production\nPORT=3007 # http\n", 3007)]
    [InlineData("    env_file: [.env]\n    environment:\n      PORT: \"3008\"\n", "PORT=3007\n", 3008)]
    [InlineData("    env_file:\n      - path: .env\n      - path: ./missing.env\n        required: false\n", "PORT='3009'\n", 3009)]
    public void Env_files_of_the_root_give_the_command_its_port(string settings, string envFile, int port)
    {
        var listener = Assert.Single(WithHost("    image: node:20\n    command: node server.js\n" + settings, (".env", envFile))!);
        Assert.Equal(port, listener.Port);
    }

    [Theory]
    [InlineData("    env_file: ./missing.env\n", "PORT=3007\n")]
    [InlineData("    env_file: .env\n", "PORT=${APP_PORT}\n")]
    [InlineData("    env_file: .env\n", "PORT\n")]
    [InlineData("    env_file: ${ENV_FILE}\n", "PORT=3007\n")]
    public void An_env_file_that_cannot_be_read_leaves_the_environment_unknown(string settings, string envFile)
    {
        Assert.Null(WithHost("    image: python:3.12\n    command: uvicorn main:app --host 0.0.0.0\n" + settings, (".env", envFile)));
        Assert.Null(WithHost("    image: node:20\n    command: node server.js\n" + settings, (".env", envFile)));
    }

    [Fact]
    public void A_missing_env_file_that_is_not_required_adds_nothing()
    {
        var listener = Assert.Single(WithHost("    image: python:3.12\n    command: uvicorn main:app --host 0.0.0.0\n    env_file:\n      - path: ./missing.env\n        required: false\n")!);
        Assert.Equal(("0.0.0.0", 8000), (listener.Host, listener.Port));
    }

    [Fact]
    public void A_port_flag_keeps_the_word_that_says_it()
    {
        var listener = Assert.Single(Listeners("    image: python:3.12\n    command: gunicorn --bind 127.0.0.1:8000 app:app\n")!);
        Assert.Equal("127.0.0.1:8000", listener.Word!.Value.Value);
        Assert.Equal("gunicorn --bind 127.0.0.1:8000 in its command", listener.How);
        Assert.False(listener.Reachable);
    }
}
