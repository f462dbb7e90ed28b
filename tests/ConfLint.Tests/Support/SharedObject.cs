namespace ConfLint.Tests.Support;

/// <summary>
/// A tiny shared object compiled here with gcc, whose constructor creates a marker file at an absolute path of this
/// machine and prints a token: if a daemon loads it outside a sandbox the marker appears; if one loaded it inside,
/// the token would show in its output. <see cref="ProveItRuns"/> loads it into a plain process first, so a test
/// that sees no marker knows the marker would have appeared.
/// </summary>
public sealed class SharedObject
{
    private SharedObject(string path, string marker, string token)
    {
        Path = path;
        Marker = marker;
        Token = token;
    }

    public string Path { get; }

    /// <summary>The file the constructor creates (outside every tree).</summary>
    public string Marker { get; }

    public string Token { get; }

    public static void RequireCompiler()
    {
        if (!HostTools.Exists("gcc"))
        {
            Assert.False(Repository.IsCI, "CI installs gcc to build the hostile shared objects");
            Assert.Skip("needs gcc to build a shared object");
        }
    }

    /// <summary>Compiles the shared object to <paramref name="path"/>, its marker in <paramref name="markerFolder"/>.</summary>
    public static SharedObject Build(string path, string markerFolder)
    {
        var token = "CONSTRUCTOR-RAN-" + Guid.NewGuid().ToString("N")[..8];
        var marker = System.IO.Path.Combine(markerFolder, token);
        var source = path + ".c";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(source, $$"""
            #include <fcntl.h>
            #include <stdio.h>
            #include <unistd.h>
            __attribute__((constructor)) static void conflint_marker(void) {
                int fd = open("{{marker}}", O_CREAT | O_WRONLY, 0644);
                if (fd >= 0) close(fd);
                fprintf(stderr, "{{token}}\n");
            }
            int ngx_modules_placeholder = 0;
            """);
        var (code, output) = HostTools.Run(System.IO.Path.GetDirectoryName(path)!, "gcc", "-shared", "-fPIC", "-o", path, source);
        File.Delete(source);
        Assert.True(code == 0, "gcc failed: " + output);
        return new SharedObject(path, marker, token);
    }

    /// <summary>Loads the object into <c>true</c> (LD_PRELOAD): the marker must appear, then it is removed.</summary>
    public void ProveItRuns()
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/true") { UseShellExecute = false, RedirectStandardError = true };
        start.Environment["LD_PRELOAD"] = Path;
        using (var process = System.Diagnostics.Process.Start(start)!)
        {
            process.StandardError.ReadToEnd();
            process.WaitForExit();
        }

        Assert.True(File.Exists(Marker), "the shared object's constructor did not run when preloaded: the marker proves nothing");
        File.Delete(Marker);
    }
}
