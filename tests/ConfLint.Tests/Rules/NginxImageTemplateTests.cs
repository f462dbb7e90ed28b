using System.Text.Json;
using ConfLint.Tests.Support;
using static ConfLint.Tests.Support.JsonLint;
using ConfLint.Text;

namespace ConfLint.Tests.Rules;

/// <summary>
/// The official nginx image renders <c>/etc/nginx/templates/*.template</c> into <c>/etc/nginx/conf.d</c> at the container's
/// start (docker-library's <c>entrypoint/20-envsubst-on-templates.sh</c>: <c>envsubst "$defined_envs"</c>, only the
/// variables the container defines replaced). A Compose service of that image that mounts a template has it read as
/// the rendered file, with the service's environment, and its findings point at the template's lines; where a value is
/// not known the file is not rendered (set aside as before, with a note); fixes into a rendered file are advice only.
/// </summary>
public class NginxImageTemplateTests
{
    private const string Compose = "services:\n  proxy:\n    image: nginx:1.27\n    restart: always\n    ports:\n      - \"80:80\"\n"
        + "    environment:\n      APP_HOST: ${APP_HOST:-app}\n      APP_PORT: \"8000\"\n      JOBS_HOST: worker\n"
        + "    volumes:\n      - ./default.conf.template:/etc/nginx/templates/default.conf.template\n"
        + "  app:\n    image: python:3.12\n    command: gunicorn --bind 0.0.0.0:9000 app:app\n    restart: always\n"
        + "  worker:\n    image: python:3.12\n    command: gunicorn --bind 0.0.0.0:8000 app:app\n    restart: always\n    profiles: [\"jobs\"]\n";

    // Line 9: the app's port is wrong (CL001, CL004); line 12: 'worker' runs only under profile jobs (CL015).
    private const string Template = "# rendered by the image's entrypoint\nlog_format timed '$remote_addr $request_time';\n\nserver {\n    listen 80;\n    server_name example.org;\n    access_log /var/log/nginx/access.log timed;\n    location / {\n"
        + "        proxy_pass http://${APP_HOST}:${APP_PORT};\n    }\n    location /jobs/ {\n        proxy_pass http://${JOBS_HOST}:8000;\n    }\n}\n";

    private static TempTree Tree(string compose = Compose, string template = Template) => new TempTree()
        .Write("opt/app/compose.yaml", compose)
        .Write("opt/app/default.conf.template", template);

    private static List<JsonElement> Findings(TempTree tree, params string[] extra) => JsonLint.Findings(tree, "CL001,CL004,CL015", extra);

    private static string At(JsonElement d) => $"{d.GetProperty("code").GetString()} {d.GetProperty("path").GetString()}:{d.GetProperty("line").GetInt32()}:{d.GetProperty("column").GetInt32()}";

    [Fact]
    public void A_rendered_templates_proxy_pass_is_judged_at_the_templates_line()
    {
        using var tree = Tree();
        var findings = Findings(tree);
        var at = findings.Select(At).ToList();

        // Columns are the template's: 'http://' starts at column 20 of line 9 and 12 there.
        Assert.Contains("CL001 opt/app/default.conf.template:9:20", at);
        Assert.Contains("CL004 opt/app/default.conf.template:9:20", at);
        Assert.Contains("CL015 opt/app/default.conf.template:12:20", at);
        var refused = findings.Single(d => d.GetProperty("code").GetString() == "CL001");
        Assert.Contains("http://app:8000", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("listens on 0.0.0.0:9000", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        var lines = File.ReadAllLines(tree.Path("opt/app/default.conf.template"));
        foreach (var finding in findings)
        {
            Assert.True(finding.GetProperty("endColumn").GetInt32() <= lines[finding.GetProperty("endLine").GetInt32() - 1].Length + 1, At(finding));
        }
    }

    [Fact]
    public void The_verbose_note_says_what_was_rendered_into_where()
    {
        using var tree = Tree();
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains("opt/app/default.conf.template: a template the nginx image's entrypoint of service 'proxy' renders into /etc/nginx/conf.d/default.conf", output.Stderr, StringComparison.Ordinal);
        Assert.Contains("with $APP_HOST, $APP_PORT, $JOBS_HOST replaced", output.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A fix's edit in a rendered file is an offset of the rendered text (here it would rewrite the port
    /// <c>${APP_PORT}</c> gave): never applied, advice that says to change the template by hand.</summary>
    [Fact]
    public void No_fix_is_offered_in_a_rendered_file_and_the_template_is_left_as_it_is()
    {
        using var tree = Tree();
        var findings = Findings(tree);
        foreach (var finding in findings.Where(f => f.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object))
        {
            var fix = finding.GetProperty("fix");
            Assert.Equal("display-only", fix.GetProperty("applicability").GetString());
            Assert.Contains("(by hand, in the template: the nginx image's entrypoint renders opt/app/default.conf.template into /etc/nginx/conf.d/default.conf at each start)", fix.GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains(findings, f => f.GetProperty("code").GetString() == "CL001" && f.TryGetProperty("fix", out var fix) && fix.ValueKind == JsonValueKind.Object);
        CliRunner.Run("fix", "--root", tree.Root, "--unsafe-fixes", "--select", "CL001,CL004,CL015");
        Assert.Equal(Template, tree.Read("opt/app/default.conf.template"));
    }

    [Theory]
    [InlineData("      APP_HOST: ${APP_HOST}\n", "'${APP_HOST}' at line 9: APP_HOST has no value ConfLint knows")] // no .env sets it
    [InlineData("      APP_HOST:\n", "'${APP_HOST}' at line 9: APP_HOST has no value ConfLint knows")] // passed through from the shell
    public void A_template_taking_a_value_that_is_not_known_is_not_rendered(string line, string why)
    {
        using var tree = Tree(Compose.Replace("      APP_HOST: ${APP_HOST:-app}\n", line, StringComparison.Ordinal));
        Assert.Empty(Findings(tree));
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains($"not rendered here: {why} (the shell's environment, or a variable without a value); set aside as a template", output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capitalised_name_the_service_does_not_define_may_be_the_images_and_is_not_rendered()
    {
        using var tree = Tree(template: Template.Replace("server_name example.org;", "server_name $HOSTNAME;", StringComparison.Ordinal));
        Assert.Empty(Findings(tree));
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains("'$HOSTNAME' at line 6 may be defined by the image or by Docker", output.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    entrypoint: [\"/bin/sh\", \"-c\", \"exec nginx -g 'daemon off;'\"]\n")] // the entrypoint that renders is replaced
    [InlineData("    command: [\"sh\", \"-c\", \"exec nginx -g 'daemon off;'\"]\n")] // docker-entrypoint.sh renders only before nginx
    [InlineData("    volumes:\n      - ./conf.d:/etc/nginx/conf.d:ro\n")] // the output folder is not writable
    public void Controls_where_the_image_renders_nothing_stay_silent(string added)
    {
        var compose = Compose.Replace("    restart: always\n    ports:", added.StartsWith("    volumes:", StringComparison.Ordinal) ? "    restart: always\n    ports:" : added + "    restart: always\n    ports:", StringComparison.Ordinal);
        if (added.StartsWith("    volumes:", StringComparison.Ordinal))
        {
            compose = compose.Replace("      - ./default.conf.template:", "      - ./conf.d:/etc/nginx/conf.d:ro\n      - ./default.conf.template:", StringComparison.Ordinal);
        }

        using var tree = Tree(compose).Write("opt/app/conf.d/.keep", string.Empty);
        Assert.Empty(Findings(tree));
    }

    [Fact]
    public void A_template_under_the_folder_and_suffix_the_environment_sets_is_rendered_into_its_output_folder()
    {
        var compose = Compose
            .Replace("      JOBS_HOST: worker\n", "      JOBS_HOST: worker\n      NGINX_ENVSUBST_TEMPLATE_DIR: /srv/templates\n      NGINX_ENVSUBST_TEMPLATE_SUFFIX: .in\n      NGINX_ENVSUBST_OUTPUT_DIR: /etc/nginx/conf.d\n", StringComparison.Ordinal)
            .Replace("./default.conf.template:/etc/nginx/templates/default.conf.template", "./templates:/srv/templates", StringComparison.Ordinal);
        using var tree = new TempTree().Write("opt/app/compose.yaml", compose).Write("opt/app/templates/site/app.conf.in", Template);
        var at = Findings(tree).Select(At).ToList();
        Assert.Contains("CL001 opt/app/templates/site/app.conf.in:9:20", at);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL001", "--verbose");
        Assert.Contains("renders into /etc/nginx/conf.d/site/app.conf", output.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_folder_is_not_read_when_the_environment_moves_it()
    {
        var compose = Compose.Replace("      JOBS_HOST: worker\n", "      JOBS_HOST: worker\n      NGINX_ENVSUBST_TEMPLATE_DIR: /srv/templates\n", StringComparison.Ordinal);
        using var tree = Tree(compose);
        Assert.Empty(Findings(tree));
    }

    [Theory]
    [InlineData("nginx:1.27-alpine")]
    [InlineData("docker.io/library/nginx")]
    [InlineData("nginxinc/nginx-unprivileged:1.27")]
    public void The_nginx_images_render_their_templates_folder_into_conf_d(string image)
    {
        Assert.Equal(new ConfLint.Knowledge.ImageTemplates("/etc/nginx/templates", ".template", "/etc/nginx/conf.d"), ConfLint.Knowledge.ImageTable.Instance.Find(image)?.Templates);
        Assert.Null(ConfLint.Knowledge.ImageTable.Instance.Find("httpd:2.4")?.Templates);
    }

    /// <summary>Columns of a rendered text are the template's: after a value, shifted back by what it added; inside one, at
    /// its placeholder's start; never past the template's line.</summary>
    [Fact]
    public void Columns_map_back_to_the_template()
    {
        // Template "a ${X} b\nc ${X}\n" with X=long-value.
        var text = new SourceText("t", "a long-value b\nc long-value\n") { Substitutions = [new Substitution(2, 10, 4), new Substitution(17, 10, 4)] };
        Assert.Equal(new LinePosition(1, 1), text.GetLinePosition(0));
        Assert.Equal(new LinePosition(1, 3), text.GetLinePosition(2));
        Assert.Equal(new LinePosition(1, 3), text.GetLinePosition(7));
        Assert.Equal(new LinePosition(1, 8), text.GetLinePosition(13));
        Assert.Equal(new LinePosition(1, 9), text.GetLinePosition(14));
        Assert.Equal(new LinePosition(2, 3), text.GetLinePosition(17));
        Assert.Equal(new LinePosition(2, 7), text.GetLinePosition(27));
    }
}
