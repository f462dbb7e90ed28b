namespace ConfLint;

/// <summary>
/// <c>Select</c> for the code in the <c>ConfLint</c> namespaces, found before <see cref="System.Linq.Enumerable.Select{TSource, TResult}(IEnumerable{TSource}, Func{TSource, TResult})"/>
/// (C# looks for extension methods in the enclosing namespaces before the usings of the file).
/// </summary>
/// <remarks>
/// LINQ's <c>Select</c> on the result of another operator (<c>Where</c>, <c>OfType</c>, <c>Take</c>, <c>Concat</c>, ...) calls
/// the iterator's <c>Select&lt;TResult&gt;</c>, a generic virtual method. The native executable resolves each such call site
/// through its type loader the first time it runs (the runtime builds the method's dictionary then): measured over the
/// corpus roots, about a millisecond of a lint that takes twenty, at forty call sites. Here an array or a <see cref="List{T}"/> goes to LINQ as
/// before (no virtual call on that path: it keeps LINQ's sized results); any other sequence (LINQ's own iterators among
/// them, some of which are lists) is mapped by a plain iterator, lazily as LINQ does. Nothing here uses PLINQ or
/// <c>IQueryable</c>, whose <c>Select</c> this one would hide.
/// </remarks>
public static class DirectSelect
{
    public static IEnumerable<TResult> Select<TSource, TResult>(this IEnumerable<TSource> source, Func<TSource, TResult> selector)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(selector);
        return source is TSource[] or List<TSource>
            ? System.Linq.Enumerable.Select(source, selector)
            : Mapped(source, selector);
    }

    private static IEnumerable<TResult> Mapped<TSource, TResult>(IEnumerable<TSource> source, Func<TSource, TResult> selector)
    {
        foreach (var item in source)
        {
            yield return selector(item);
        }
    }
}
