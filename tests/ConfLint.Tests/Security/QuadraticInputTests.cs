using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// One long line built so that a check reads the rest of it again from each of its characters: each finished in minutes
/// (or allocated gigabytes) before, and must now end, with its diagnostic, within the hostile-input time limit. Each runs
/// in its own process with that limit as a hard stop.
/// </summary>
public class QuadraticInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static ConflintProcess.Result Lint(TempTree tree)
    {
        var result = ConflintProcess.Run(Repository.Root, Limit, "lint", "--root", tree.Root, "--format", "json");
        Assert.False(result.TimedOut, $"conflint lint did not finish in {Limit.TotalSeconds} s");
        Assert.DoesNotContain("internal error", result.Output);
        return result;
    }

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    [Theory]
    [InlineData("nginx")]
    [InlineData("apache")]
    public void An_include_fan_out_bomb_is_not_expanded(string daemon)
    {
        var folder = daemon == "nginx" ? "nginx" : "apache2";
        // Ten files, each including the next ten times: each file was read once, but the host model and the checks
        // walked every copy (10^6 copies took a minute and 1.6 GB; 10^10 never ended).
        var tree = new TempTree();
        for (var i = 0; i < 10; i++)
        {
            var line = daemon == "nginx" ? $"include /etc/nginx/l/f{i + 1}.conf;\n" : $"Include /etc/apache2/l/f{i + 1}.conf\n";
            tree.Write($"etc/{folder}/l/f{i}.conf", Repeat(line, 10));
        }

        if (daemon == "nginx")
        {
            tree.Write("etc/nginx/l/f10.conf", "server { listen 80; location / { proxy_pass http://127.0.0.1:9; } }\n")
                .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/l/f0.conf;\n}\n");
        }
        else
        {
            tree.Write("etc/apache2/l/f10.conf", "Listen 80\n").Write("etc/apache2/apache2.conf", "ServerRoot /etc/apache2\nInclude /etc/apache2/l/f0.conf\n");
        }

        using (tree)
        {
            var result = Lint(tree);
            Assert.Contains("copies of included files (files included again and again", result.Stdout);
            Assert.Contains($"\"path\": \"etc/{folder}/l/f5.conf\"", result.Stdout);
            Assert.Contains($"\"path\": \"etc/{folder}/l/f4.conf\"", result.Stdout);
        }
    }

    [Fact]
    public void An_apache_regex_of_posix_class_openings_that_never_close_is_read_once()
    {
        // Each "[:" looked for ":]" to the end of the pattern: 3 MB took four minutes.
        using var tree = new TempTree().Write("etc/apache2/apache2.conf", $"RewriteEngine on\nRewriteRule \"{Repeat("[[:", 1_000_000)}\" /x\n");
        var result = Lint(tree);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("RewriteRule: cannot compile regular expression", result.Stdout);
        Assert.Contains("\"line\": 2", result.Stdout);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("[[:")]
    [InlineData("[\\")]
    public void An_include_pattern_of_brackets_that_never_close_is_read_once(string unit)
    {
        // Each '[' read the rest of the component for its ']' (100,000 of them: over a minute).
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", $"ServerRoot /etc/apache2\nInclude \"conf.d/{Repeat(unit, 300_000 / unit.Length)}\"\n")
            .Write("etc/apache2/conf.d/ports.conf", "Listen 80\n");
        var result = Lint(tree);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"line\": 2", result.Stdout);
        // The message quotes the 300,000-character pattern twice, "matches no file" between: it is clipped to its start
        // and its end (MessageText), where Apache's verdict stands.
        Assert.Contains("more characters)", result.Stdout);
        Assert.Contains("Apache refuses to start", result.Stdout);
    }

    [Fact]
    public void An_nginx_line_of_placeholder_openings_before_one_brace_is_read_once()
    {
        // Each "${" copied the rest of the line up to the block's '}' to read a placeholder's name: gigabytes.
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", $"events {{}}\nhttp {{\n    server {{\n        location ~ \"{Repeat("${", 300_000)}\" {{}}\n    }}\n}}\n");
        var result = Lint(tree);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"path\": \"etc/nginx/nginx.conf\"", result.Stdout);
    }

    [Fact]
    public void Many_placeholders_the_file_defines_are_looked_up_without_searching_the_file_for_each()
    {
        // Each ${NAME} searched the file, from its start, for the line that defines it: 50,000 names, over 100 s.
        var names = Enumerable.Range(0, 50_000).Select(i => $"V{i:D5}").ToList();
        var text = "events {}\nhttp {\n    server {\n"
            + $"        return 200 \"{string.Concat(names.Select(n => "${" + n + "}"))}\";\n"
            + string.Concat(names.Select(n => $"        set ${n} x;\n"))
            + "    }\n}\n";
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", text);
        var result = Lint(tree);
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("a template another program fills in", result.Output);
        Assert.Contains("\"path\": \"etc/nginx/nginx.conf\"", result.Stdout);
    }
}
