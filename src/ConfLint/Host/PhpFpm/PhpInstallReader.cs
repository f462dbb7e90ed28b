using ConfLint.Host.Systemd;
using ConfLint.Syntax.PhpFpm;
using ConfLint.Syntax.Systemd;

namespace ConfLint.Host.PhpFpm;

/// <summary>
/// Completes a PHP installation once its pools are read: the service that runs it (its ExecStart names this
/// php-fpm.conf with <c>-y</c>/<c>--fpm-config</c>, or runs the binary that reads it by default), the user its master
/// runs as (that service's <c>User=</c>; without a service, the root's first process in a container, else root), and
/// its FPM php.ini: the layout's file (or <c>-c</c> of the ExecStart) and scan folder (or <c>PHP_INI_SCAN_DIR</c> of
/// the service's environment: a leading <c>:</c> adds to the built-in folder).
/// </summary>
internal static class PhpInstallReader
{
    public static void Complete(HostModel model, PhpInstall install)
    {
        string? iniOption = null;
        string? prefixOption = null;
        foreach (var service in model.BackEndsOf<ServiceBackEnd>().Where(s => s.IsPhpFpm && install.Service is null))
        {
            foreach (var command in SystemdCommandLine.Parse(service.ExecStart?.Value ?? string.Empty).Commands.Where(AppServer.IsPhpFpm))
            {
                var config = command.OptionValues("--fpm-config", "-y").LastOrDefault().Value is { } named
                    ? Workspace.Systemd.UnitSpecifiers.Expand(named, service.Unit.Name, out _)
                    : null;
                if (install.IsRunBy(config, command.ProgramName, command.Executable.Value))
                {
                    install.Service = service;
                    iniOption = command.OptionValues("--php-ini", "-c").LastOrDefault().Value;
                    prefixOption = PhpFpmPaths.PrefixOption(command) is { } prefix ? Workspace.Systemd.UnitSpecifiers.Expand(prefix, service.Unit.Name, out _) : null;
                    break;
                }
            }
        }

        install.GlobalPrefix = PhpFpmPaths.GlobalPrefix(prefixOption, install.Paths?.Prefix);
        foreach (var pool in install.Pools)
        {
            if (install.Service is { } runner)
            {
                model.SetRunBy(pool, runner);
            }
        }

        install.Master = install.Service is { } s ? model.IdentityOf(s) : model.IdentityOfUnit(null);
        if (install.Service is null && !install.Master.Proven
            && install.Pools.Select(p => p.File.Container).Prepend(install.FpmConfig.Container).FirstOrDefault(c => c is not null) is { } container
            && Compose.DockerfileUser.Of(container, model.Files.FileSystem, install.Accounts) is { } imageUser)
        {
            // php-fpm in a container runs as the image's USER (or the service's user:): a master that is not root keeps
            // its own user for the pools and cannot chown their sockets to anyone else.
            install.Master = imageUser;
        }
        if (install.Paths is not { } paths)
        {
            return;
        }

        var ini = paths.Ini;
        var scanDir = paths.ScanDir;
        var fs = model.Files.FileSystem;
        if (paths.Layout == "php image" && !fs.DirectoryExists("/usr/local/etc/php") && fs.FileExists("/usr/local/etc/php.ini"))
        {
            // FreeBSD's port shares the php image's php-fpm.conf path but keeps php.ini beside it.
            (ini, scanDir) = ("/usr/local/etc/php.ini", "/usr/local/etc/php");
        }

        if (iniOption is not null)
        {
            ini = fs.DirectoryExists(iniOption) ? iniOption.TrimEnd('/') + "/php.ini" : iniOption;
        }

        var environment = install.Service?.Environment;
        var scanDirs = new List<string>();
        if (environment is not null && environment.TryGetValue("PHP_INI_SCAN_DIR", out var fromEnvironment))
        {
            if (fromEnvironment.StartsWith(':') && scanDir is not null)
            {
                scanDirs.Add(scanDir);
            }

            scanDirs.AddRange(fromEnvironment.Split(':', StringSplitOptions.RemoveEmptyEntries));
        }
        else if (scanDir is not null)
        {
            scanDirs.Add(scanDir);
        }

        install.Ini = PhpIniReader.Read(model.Files, ini, scanDirs, environment);
    }
}
