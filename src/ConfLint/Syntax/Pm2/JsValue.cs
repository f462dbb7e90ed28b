using ConfLint.Text;

namespace ConfLint.Syntax.Pm2;

/// <summary>
/// A value of a JavaScript (or JSON, or YAML) configuration file as far as it is written out: an object, an array, a
/// string, a number, a boolean, null; anything computed (a variable, a call, <c>process.env.PORT || 3000</c>, a
/// template with <c>${}</c>) is <see cref="JsUnknown"/>, which no rule may take for a value. <see cref="Span"/> is where
/// it is written, for messages and edits.
/// </summary>
public abstract record JsValue(TextSpan Span);

/// <summary>An object literal; <see cref="Complete"/> is false when a spread or a computed key may add members.</summary>
public sealed record JsObject(TextSpan Span, IReadOnlyList<JsMember> Members, bool Complete) : JsValue(Span)
{
    /// <summary>The last member named <paramref name="name"/> (JavaScript keeps the last of duplicate keys), or null.</summary>
    public JsMember? Member(string name) => Members.LastOrDefault(m => m.Name == name);

    /// <summary>The value of the member <paramref name="name"/>; unknown when it is absent but a spread may supply it.</summary>
    public JsValue? this[string name] => Member(name)?.Value ?? (Complete ? null : new JsUnknown(Span, "..."));
}

/// <summary><c>name: value</c> in an object literal, with where the name is written.</summary>
public sealed record JsMember(string Name, TextSpan NameSpan, JsValue Value);

public sealed record JsArray(TextSpan Span, IReadOnlyList<JsValue> Items, bool Complete) : JsValue(Span);

/// <summary>A string literal, with its text decoded.</summary>
public sealed record JsString(TextSpan Span, string Value) : JsValue(Span);

public sealed record JsNumber(TextSpan Span, double Value) : JsValue(Span);

public sealed record JsBoolean(TextSpan Span, bool Value) : JsValue(Span);

/// <summary><c>null</c> or <c>undefined</c>.</summary>
public sealed record JsNull(TextSpan Span) : JsValue(Span);

/// <summary>An expression that is computed when the file runs: its text, for messages.</summary>
public sealed record JsUnknown(TextSpan Span, string Text) : JsValue(Span);
