using System.Text;
using ConfLint.Cli;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// Inputs built to exhaust: YAML nested past any real file (YamlDotNet recurses, and its scanner is quadratic in flow
/// nesting) or multiplied by aliases, and files named on the command line that never end (a FIFO, a device, an endless
/// standard input). Each ends in a diagnostic or a usage error, in its own process with a hard time limit.
/// </summary>
public class HostileInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static ConflintProcess.Result Run(string workingDirectory, params string[] args)
    {
        var result = ConflintProcess.Run(workingDirectory, Limit, args);
        Assert.False(result.TimedOut, $"conflint {string.Join(' ', args)} did not finish in {Limit.TotalSeconds} s");
        Assert.DoesNotContain("internal error", result.Output);
        Assert.DoesNotContain("Stack overflow", result.Output);
        return result;
    }

    /// <summary>Four-fold aliases ten levels deep: a million nodes from a dozen lines.</summary>
    private static string Laughs(string indent)
    {
        var lines = new StringBuilder().Append(indent).Append("x0: &a0 [lol, lol, lol, lol]\n");
        for (var i = 1; i <= 10; i++)
        {
            lines.Append(indent).Append($"x{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        return lines.ToString();
    }

    [Fact]
    public void Compose_nested_twenty_thousand_deep_is_CL000_not_a_stack_overflow()
    {
        using var tree = new TempTree()
            .Write("compose.yaml", "services:\n  web:\n    image: nginx\n    labels: " + new string('[', 20_000) + new string(']', 20_000) + "\n");
        var result = Run(Repository.Root, "lint", "--root", tree.Root);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("compose.yaml:4:", result.Stdout);
        Assert.Contains("YAML collections nested deeper than 100 levels: not read", result.Stdout);
    }

    [Fact]
    public void A_pm2_file_of_laughing_aliases_is_CL000_not_expanded()
    {
        using var tree = new TempTree()
            .Write("ecosystem.config.yml", Laughs(string.Empty) + "apps:\n  - name: app\n    script: server.js\n    args: *a10\n    env: {PORT: 3000}\n");
        var result = Run(Repository.Root, "lint", "--root", tree.Root);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ecosystem.config.yml:", result.Stdout);
        Assert.Contains("more than 200000 YAML nodes once aliases are counted", result.Stdout);
    }

    [Theory]
    [InlineData("nested", "nested deeper than 100 levels")]
    [InlineData("laughs", "more than 200000 YAML nodes once aliases are counted")]
    public void A_settings_file_nested_or_multiplied_is_a_settings_error(string shape, string error)
    {
        var text = new StringBuilder();
        if (shape == "nested")
        {
            text.Append("rules: ").Append('[', 50_000).Append(']', 50_000).Append('\n');
        }
        else
        {
            text.Append("hosts:\n  web1: &a0 [x]\n");
            for (var i = 1; i <= 10; i++)
            {
                text.Append($"  y{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
            }

            text.Append("  web2: *a10\n");
        }

        using var tree = new TempTree().Write(".conflint.yml", text.ToString()).Write("etc/nginx/nginx.conf", "events {}\n");
        var result = Run(Repository.Root, "lint", "--root", tree.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(".conflint.yml:", result.Stderr);
        Assert.Contains(error, result.Stderr);
    }

    [Fact]
    public void Parse_and_config_refuse_a_fifo_or_a_device_without_reading_it()
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\n");
        Assert.Equal(0, HostTools.Run(tree.Root, "mkfifo", tree.Path("pipe.conf")).ExitCode);

        var fifo = Run(tree.Root, "parse", "pipe.conf", "--kind", "nginx");
        Assert.Equal(2, fifo.ExitCode);
        Assert.Contains("cannot read 'pipe.conf': it is not a regular file", fifo.Stderr);

        var device = Run(tree.Root, "parse", "/dev/zero", "--kind", "nginx");
        Assert.Equal(2, device.ExitCode);
        Assert.Contains("not a regular file", device.Stderr);

        var settings = Run(tree.Root, "lint", "--root", tree.Root, "--config", "pipe.conf");
        Assert.Equal(2, settings.ExitCode);
        Assert.Contains("not a regular file", settings.Stderr);
    }

    [Fact]
    public void Endless_standard_input_stops_at_the_size_limit()
    {
        using var tree = new TempTree();
        using var stdout = new MemoryStream();
        var stderr = new StringWriter { NewLine = "\n" };
        using var zeros = new EndlessZeros();
        var io = new CliIO(stdout, stderr, isTerminal: false, tree.Root, zeros, _ => null);
        var code = ConfLintCli.Run(["lint", "-", "--stdin-filename", "nginx.conf"], io);
        Assert.Equal(2, code);
        Assert.Contains("standard input is larger than 64 MiB", stderr.ToString());
        Assert.InRange(zeros.Served, 64L << 20, (64L << 20) + (1 << 20));
    }

    /// <summary>Zero bytes without end; refuses to go on past twice the limit, so a reader that does not stop fails
    /// here instead of running the machine out of memory.</summary>
    private sealed class EndlessZeros : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Served;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Served > 128L << 20)
            {
                throw new InvalidOperationException("standard input was read past twice the limit");
            }

            Array.Clear(buffer, offset, count);
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("proxy_read_timeout 9223372036854775807s;", "")]
    [InlineData("proxy_read_timeout 300000000000000d;", "")]
    [InlineData("proxy_buffer_size 9223372036854775807g;", "")]
    [InlineData("proxy_buffer_size 18014398509481984k;", "")]
    [InlineData("", "listen 1.2.3.4:99999999999;")]
    public void A_number_past_what_a_long_holds_is_a_finding_not_a_crash(string inLocation, string inServer)
    {
        // Each threw OverflowException out of the lint ("internal error"): nginx calls such a value invalid.
        using var tree = new TempTree().Write("etc/nginx/nginx.conf",
            $"events {{}}\nhttp {{\n    server {{\n        listen 80;\n        {inServer}\n        location / {{ proxy_pass http://127.0.0.1:9; {inLocation} }}\n    }}\n}}\n");
        var result = Run(Repository.Root, "lint", "--root", tree.Root, "--format", "json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"line\": ", result.Stdout);
    }

    [Fact]
    public void Numbers_past_what_an_int_holds_in_a_pool_and_in_settings_are_not_a_crash()
    {
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        location ~ \\.php$ { fastcgi_pass unix:/run/php/other.sock; }\n    }\n}\n")
            .Write("etc/php/99999999999.99999999999/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/99999999999.99999999999/fpm/pool.d/*.conf\n")
            .Write("etc/php/99999999999.99999999999/fpm/pool.d/www.conf",
                "[www]\nuser = www-data\nlisten = /run/php/x.sock\nlisten.owner = nobody\nlisten.mode = 77777777777777777777\npm = static\npm.max_children = 5\n");
        var lint = Run(Repository.Root, "lint", "--root", tree.Root);
        Assert.Equal(1, lint.ExitCode);
        Assert.Contains("CL001", lint.Stdout);

        tree.Write(".conflint.yml", "rules:\n  CL006:\n    min: 9223372036854775807s\n");
        var settings = Run(tree.Root, "lint", "--root", tree.Root);
        Assert.Equal(2, settings.ExitCode);
        Assert.Contains(".conflint.yml:3:10: rules.CL006.min: '9223372036854775807s' is not a duration", settings.Stderr);
    }
}
