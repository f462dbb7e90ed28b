using ConfLint.Configuration;
using ConfLint.Host.Apache;
using ConfLint.Host.Haproxy;
using ConfLint.Host.Nginx;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Systemd;
using ConfLint.Host.Tomcat;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>Builds the host model from every parsed file of one host, in one pass per kind.</summary>
public static class HostModelBuilder
{
    /// <param name="timings">Where the time it took goes, or null.</param>
    public static HostModel Build(ConfigWorkspace workspace, ConfLintConfig config, IList<(string Stage, TimeSpan Time)>? timings = null)
    {
        var model = new HostModel(workspace, config);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        ReadHostsFile(model);
        model.Nameserver = ReadNameserver(workspace.FileSystem);
        model.Memory = config.HostMemory ?? ReadMemory(workspace.FileSystem);
        model.Accounts = HostAccounts.Read(workspace.FileSystem);

        // Front ends and back ends are read from different files into different lists: both halves at once.
        var frontEnds = Task.Run(() =>
        {
            foreach (var instance in NginxConfigReader.Read(workspace))
            {
                model.Nginx.Add(instance);
                NginxFrontEnds.Add(model, instance);
            }

            foreach (var instance in ApacheConfigReader.Read(workspace))
            {
                model.Apache.Add(instance);
                ApacheFrontEnds.Add(model, instance);
            }

            foreach (var instance in HaproxyConfigReader.Read(workspace))
            {
                model.Haproxy.Add(instance);
                HaproxyFrontEnds.Add(model, instance);
            }
        });
        SystemdBackEnds.Add(model);
        PhpFpmReader.Add(model);
        TomcatBackEnds.Add(model);
        frontEnds.Wait();
        model.Index();
        timings?.Add(("host model", timer.Elapsed));
        return model;
    }

    /// <summary>The first nameserver of /etc/resolv.conf, under a root only.</summary>
    private static string? ReadNameserver(RootedFileSystem fs)
    {
        if (fs.Root is null)
        {
            return null;
        }

        foreach (var line in fs.ReadLines("/etc/resolv.conf"))
        {
            var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver" && Endpoint.IsIpAddress(fields[1]))
            {
                return fields[1].Contains(':') ? "[" + fields[1] + "]" : fields[1];
            }
        }

        return null;
    }

    /// <summary>MemTotal of /proc/meminfo, under a root only.</summary>
    private static ByteSize? ReadMemory(RootedFileSystem fs)
    {
        if (fs.Root is null)
        {
            return null;
        }

        foreach (var line in fs.ReadLines("/proc/meminfo"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "MemTotal:" && long.TryParse(fields[1], out var kilobytes))
            {
                return ByteSize.FromKilobytes(kilobytes);
            }
        }

        return null;
    }

    /// <summary>/etc/hosts: <c>ADDRESS NAME [ALIAS...]</c>, <c>#</c> comments.</summary>
    private static void ReadHostsFile(HostModel model)
    {
        var fs = model.Workspace.FileSystem;
        if (fs.Root is null)
        {
            return;
        }

        foreach (var line in fs.ReadLines("/etc/hosts"))
        {
            var content = line.Split('#')[0];
            var fields = content.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            foreach (var name in fields.Skip(1))
            {
                model.StaticHostNames.Add(name);
            }
        }
    }
}
