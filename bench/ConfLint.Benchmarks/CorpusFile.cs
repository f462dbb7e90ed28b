using ConfLint.Syntax;
using ConfLint.Text;

namespace ConfLint.Benchmarks;

/// <summary>One input file: its path relative to the server root, its kind and its decoded text.</summary>
public sealed record CorpusFile(string Path, ConfigKind Kind, SourceText Source, int ByteCount);
