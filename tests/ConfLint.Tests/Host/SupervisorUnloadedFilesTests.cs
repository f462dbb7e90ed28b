using ConfLint.Host;
using ConfLint.Host.Supervisor;
using ConfLint.Rules.Support;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Host;

/// <summary>The program files supervisord's <c>[include] files</c> does not load (<see cref="SupervisorUnloadedPrograms"/>):
/// the main file's patterns only, relative ones taken from its folder, several on one line, Python's glob (no leading dot
/// matched by <c>*</c> or <c>?</c>); and their programs, read only to say where they would listen, never back ends.</summary>
public class SupervisorUnloadedFilesTests
{
    private const string Program = "[program:app]\ncommand=/srv/app/venv/bin/gunicorn --bind 127.0.0.1:8000 app:app\ndirectory=/srv/app\n";

    /// <summary>The skipped files of a tree, each as "name -> rename" ("-" where no rename is found), by name.</summary>
    private static string Skipped(TempTree tree) =>
        string.Join(", ", SupervisorUnloadedPrograms.SkippedFiles(HostTrees.Model(tree).Workspace)
            .Select(s => $"{Path.GetFileName(s.Path)} -> {s.RenameTo ?? "-"}").Order(StringComparer.Ordinal));

    [Fact]
    public void A_relative_pattern_is_taken_from_the_main_files_folder_and_hides_dot_files_and_other_names()
    {
        using var tree = new TempTree()
            .Write("etc/supervisord.conf", "[supervisord]\n\n[include]\nfiles = supervisord.d/*.ini\n")
            .Write("etc/supervisord.d/app.ini", Program)
            .Write("etc/supervisord.d/web.conf", Program)
            .Write("etc/supervisord.d/.hidden.ini", Program)
            .Write("etc/supervisord.d/worker.ini.disabled", Program)
            .Write("etc/supervisord.d/app.ini.bak", Program);
        // app.ini.bak's own name is taken by app.ini: no rename is offered.
        Assert.Equal(".hidden.ini -> hidden.ini, app.ini.bak -> -, web.conf -> web.ini, worker.ini.disabled -> worker.ini", Skipped(tree));
    }

    [Fact]
    public void A_file_any_of_several_patterns_matches_is_loaded()
    {
        using var tree = new TempTree()
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = conf.d/*.conf\n\t/etc/supervisor/conf.d/*.ini\n")
            .Write("etc/supervisor/conf.d/app.ini", Program)
            .Write("etc/supervisor/conf.d/web.conf", Program)
            .Write("etc/supervisor/conf.d/old.bak", Program);
        Assert.Equal("old.bak -> old.conf", Skipped(tree));
        var skipped = Assert.Single(SupervisorUnloadedPrograms.SkippedFiles(HostTrees.Model(tree).Workspace));
        Assert.Equal(["/etc/supervisor/conf.d/*.conf", "/etc/supervisor/conf.d/*.ini"], skipped.Patterns);
    }

    [Fact]
    public void An_included_files_own_include_is_not_read_nor_a_pattern_of_unknown_expansion()
    {
        using (var tree = new TempTree()
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/app.conf", "[include]\nfiles = /srv/more/*.conf\n")
            .Write("srv/more/other.ini", Program))
        {
            Assert.Equal(string.Empty, Skipped(tree));
        }

        using (var tree = new TempTree()
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf /etc/%(ENV_SITE)s/*.ini\n")
            .Write("etc/supervisor/conf.d/app.ini", Program))
        {
            Assert.Equal(string.Empty, Skipped(tree));
        }
    }

    [Theory]
    [InlineData("/etc/supervisor/conf.d/*.conf", "/etc/supervisor/conf.d/app.conf", true)]
    [InlineData("/etc/supervisor/conf.d/*.conf", "/etc/supervisor/conf.d/.app.conf", false)]
    [InlineData("/etc/supervisor/conf.d/?app.conf", "/etc/supervisor/conf.d/.app.conf", false)]
    [InlineData("/etc/supervisor/conf.d/.*.conf", "/etc/supervisor/conf.d/.app.conf", true)]
    [InlineData("/etc/supervisor/conf.d/*.conf", "/etc/supervisor/conf.d/app.conf.disabled", false)]
    [InlineData("/etc/supervisor/conf.d/*.conf", "/etc/supervisor/conf.d/sub/app.conf", false)]
    [InlineData("/etc/supervisor/*/*.conf", "/etc/supervisor/conf.d/app.conf", true)]
    [InlineData("/etc/supervisor/conf.d/[ab]pp.ini", "/etc/supervisor/conf.d/app.conf", true)]
    public void Loads_matches_each_part_as_pythons_glob(string pattern, string path, bool loads) =>
        Assert.Equal(loads, SupervisorUnloadedPrograms.Loads(pattern, path));

    [Theory]
    [InlineData("/etc/supervisor/conf.d/*.conf", "/etc/supervisor/conf.d")]
    [InlineData("/etc/supervisord.d/app-?.ini", "/etc/supervisord.d")]
    [InlineData("/etc/supervisor/conf.d/app.conf", null)]
    [InlineData("/etc/supervisor/*/app*.conf", null)]
    [InlineData("/etc/supervisor/conf.d/[a-z]*.conf", null)]
    public void Only_a_glob_of_star_and_question_mark_in_a_written_folder_is_looked_at(string pattern, string? folder) =>
        Assert.Equal(folder, SupervisorUnloadedPrograms.SimpleFolder(pattern));

    /// <summary>The unloaded file's program is read as a loaded one is (gunicorn's --bind) but never joins the model: no
    /// back end, no unread program; a PHP-FPM program of such a file keeps no pools.</summary>
    [Fact]
    public void An_unloaded_program_says_where_it_would_listen_and_is_no_back_end()
    {
        using var tree = new TempTree()
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/app.conf.disabled", Program + "\n[program:fpm]\ncommand=php-fpm8.2 -F\n\n[program:queue]\ncommand=/usr/local/bin/queue-runner\n")
            .Write("etc/php/8.2/fpm/php-fpm.conf", "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n")
            .Write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nlisten = /run/php/php8.2-fpm.sock\npm = static\npm.max_children = 2\n");
        var host = HostTrees.Model(tree);
        Assert.Empty(host.BackEndsOf<SupervisorBackEnd>());
        Assert.Empty(host.UnreadPrograms);
        Assert.Null(Assert.Single(host.PhpInstalls).Supervisor);
        var unloaded = SupervisorUnloadedPrograms.At(host, Endpoint.Tcp("127.0.0.1", 8000));
        Assert.NotNull(unloaded);
        Assert.Equal("app", unloaded.Program.Program);
        Assert.Equal("/etc/supervisor/conf.d/app.conf.disabled", unloaded.File);
        Assert.Equal("app.conf", unloaded.RenameTo);
        Assert.Null(SupervisorUnloadedPrograms.At(host, Endpoint.Tcp("127.0.0.1", 8001)));
    }
}
