using ConfLint.Tools.GenServerTree;

if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(GeneratorOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

var options = GeneratorOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"gen-server-tree: {error}");
    Console.Error.WriteLine(GeneratorOptions.Usage);
    return 2;
}

try
{
    var (files, bytes) = ServerTreeGenerator.WriteTo(options.Out!, options);
    Console.WriteLine($"gen-server-tree: wrote {files} files, {bytes} bytes under {options.Out}");
    return 0;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"gen-server-tree: {e.Message}");
    return 2;
}
