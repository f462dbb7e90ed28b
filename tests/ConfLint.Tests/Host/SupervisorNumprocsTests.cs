using ConfLint.Configuration;
using ConfLint.Host;
using ConfLint.Host.Supervisor;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Host;

/// <summary>A supervisord program of several processes (<c>numprocs</c>) as supervisord runs it: one process per number from
/// <c>numprocs_start</c>, each command with its <c>%(process_num)</c> expanded as Python's <c>%</c> formats it.</summary>
public class SupervisorNumprocsTests
{
    private static List<SupervisorBackEnd> Programs(string section)
    {
        using var tree = new TempTree()
            .Write("etc/supervisor/supervisord.conf", "[supervisord]\n\n[include]\nfiles = /etc/supervisor/conf.d/*.conf\n")
            .Write("etc/supervisor/conf.d/app.conf", section);
        var host = HostModelBuilder.Build(WorkspaceLoader.Load(new LoadOptions { Root = tree.Root }), ConfLintConfig.Empty);
        return host.BackEndsOf<SupervisorBackEnd>().ToList();
    }

    [Fact]
    public void Each_process_listens_where_its_number_says()
    {
        var programs = Programs("[program:web]\nnumprocs=4\nnumprocs_start=1\nprocess_name=%(program_name)s_%(process_num)s\ncommand=/srv/app/bin/gunicorn app:app --bind 127.0.0.1:803%(process_num)s\ndirectory=/srv/app\n");
        Assert.Equal([1, 2, 3, 4], programs.Select(p => p.ProcessNumber!.Value));
        Assert.Equal([8031, 8032, 8033, 8034], programs.Select(p => Assert.Single(p.Listeners).Endpoint.Port));
        Assert.Equal("supervisord program 'web' (process 2 of its 4)", programs[1].Describe());
    }

    [Fact]
    public void Padded_numbers_and_the_default_start_are_as_python_formats_them()
    {
        var programs = Programs("[program:web]\nnumprocs=2\ncommand=/srv/app/bin/gunicorn app:app --bind unix:/run/app/web%(process_num)02d.sock\ndirectory=/srv/app\n");
        Assert.Equal(["/run/app/web00.sock", "/run/app/web01.sock"], programs.Select(p => Assert.Single(p.Listeners).Endpoint.Path));
    }

    [Theory]
    [InlineData("numprocs=many")]
    [InlineData("numprocs=0")]
    [InlineData("numprocs=2\nnumprocs_start=-1")]
    public void Counts_supervisord_refuses_are_not_read(string counts) =>
        Assert.Empty(Programs($"[program:web]\n{counts}\ncommand=/srv/app/bin/gunicorn app:app --bind 127.0.0.1:80%(process_num)02d\ndirectory=/srv/app\n"));

    [Fact]
    public void One_process_is_one_back_end_without_a_number()
    {
        var program = Assert.Single(Programs("[program:web]\ncommand=/srv/app/bin/gunicorn app:app --bind 127.0.0.1:8000\ndirectory=/srv/app\n"));
        Assert.Null(program.ProcessNumber);
        Assert.Equal("supervisord program 'web'", program.Describe());
    }
}
