using ConfLint.Configuration;
using ConfLint.Rules.Support;
using ConfLint.Tests.Support;
using ConfLint.Text;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Tests.Fixes;

/// <summary>
/// The buffer plan against CL000's own reading of nginx's buffer arithmetic (the validator walks the levels by itself):
/// generated server blocks whose buffer settings nginx accepts, a header buffer raised at the server, and the result
/// must still be accepted at every level, with the header buffer in effect where nothing inside sets its own.
/// </summary>
public sealed class NginxBufferPlanTests
{
    private static readonly string[] Sizes = ["1k", "2k", "4k", "8k", "16k", "32k"];

    private static string Line(Random random, string indent)
    {
        var lines = new List<string>();
        if (random.Next(3) == 0)
        {
            lines.Add($"{indent}proxy_buffers {random.Next(2, 9)} {Sizes[random.Next(Sizes.Length)]};");
        }

        if (random.Next(3) == 0)
        {
            lines.Add($"{indent}proxy_busy_buffers_size {Sizes[random.Next(Sizes.Length)]};");
        }

        if (random.Next(4) == 0)
        {
            lines.Add($"{indent}proxy_temp_file_write_size {Sizes[random.Next(Sizes.Length)]};");
        }

        if (random.Next(5) == 0)
        {
            lines.Add($"{indent}proxy_buffer_size {Sizes[random.Next(Sizes.Length)]};");
        }

        return string.Concat(lines.Select(l => l + "\n"));
    }

    private static List<string> Refusals(ConfigWorkspace workspace) =>
        ConfLint.Validation.ConfigValidator.Check(workspace, ConfLintConfig.Empty).Where(d => d.Severity == Diagnostics.Severity.Error).Select(d => d.Message).ToList();

    [Fact]
    public void Raising_the_header_buffer_keeps_every_level_acceptable()
    {
        var random = new Random(20240611);
        var planned = 0;
        for (var round = 0; round < 250; round++)
        {
            var site = "server {\n    listen 80;\n" + Line(random, "    ")
                + "    location / {\n        proxy_pass http://127.0.0.1:8000;\n" + Line(random, "        ") + "    }\n"
                + "    location /b/ {\n        proxy_pass http://127.0.0.1:8001;\n" + Line(random, "        ") + "    }\n}\n";
            using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n").Write("etc/nginx/sites-enabled/app", site);
            var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
            if (Refusals(workspace).Count > 0)
            {
                continue;
            }

            var host = ConfLint.Host.HostModelBuilder.Build(workspace, ConfLintConfig.Empty);
            var server = host.Nginx[0].Passes[0].Scope.Server!;
            var size = new ByteSize(ByteSize.Kilo * (8 << random.Next(3)));
            var edits = NginxBufferPlan.Raise(server, "proxy", size, server.Own("proxy_buffer_size"));
            Assert.True(edits is not null, $"no plan for 'proxy_buffer_size {size.ToNginx()}' in:\n{site}");
            planned++;

            var file = workspace.FindFile("/etc/nginx/sites-enabled/app")!;
            var text = TextEdit.Apply(file.Source!.Text, edits.Select(e => e.Edit));
            tree.Write("etc/nginx/sites-enabled/app", text);
            var after = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
            Assert.True(Refusals(after).Count == 0, $"nginx would refuse the plan for {size.ToNginx()}: {string.Join("; ", Refusals(after))}\n{text}");

            var afterHost = ConfLint.Host.HostModelBuilder.Build(after, ConfLintConfig.Empty);
            foreach (var (_, _, scope) in afterHost.Nginx[0].Passes)
            {
                var own = scope.Own("proxy_buffer_size") is not null;
                Assert.True(own || ConfLint.Host.Nginx.NginxSettings.Size(scope, "proxy_buffer_size", default).Value == size, $"the raised size does not reach {scope}:\n{text}");
            }
        }

        Assert.True(planned > 50, $"only {planned} generated configurations were acceptable to start with");
    }
}
