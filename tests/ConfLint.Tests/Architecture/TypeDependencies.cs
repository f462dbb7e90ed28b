using System.Reflection;
using System.Reflection.Emit;

namespace ConfLint.Tests.Architecture;

/// <summary>
/// The types each type of an assembly uses, read from its compiled metadata and IL: base type and interfaces,
/// fields, properties, events, method signatures, local variables, and every type, method and field token in
/// method bodies (calls, <c>newobj</c>, field access, casts, <c>typeof</c>), with generic arguments. Compiled
/// code names types as they are, whatever <c>using</c> aliases the source used. Constants are copied into the
/// code that uses them, so a <c>const</c> read from another namespace leaves no trace.
/// </summary>
public static class TypeDependencies
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Each type of <paramref name="assembly"/> with the types it uses.</summary>
    public static IEnumerable<(Type Type, IReadOnlySet<Type> Uses)> Of(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            var uses = new HashSet<Type>();
            Collect(type, uses);
            yield return (type, uses);
        }
    }

    private static void Collect(Type type, HashSet<Type> uses)
    {
        Add(uses, type.BaseType);
        foreach (var contract in type.GetInterfaces())
        {
            Add(uses, contract);
        }

        foreach (var field in type.GetFields(Everything))
        {
            Add(uses, field.FieldType);
        }

        foreach (var property in type.GetProperties(Everything))
        {
            Add(uses, property.PropertyType);
        }

        foreach (var @event in type.GetEvents(Everything))
        {
            Add(uses, @event.EventHandlerType);
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                Add(uses, info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(uses, parameter.ParameterType);
            }

            if (method.GetMethodBody() is { } body)
            {
                foreach (var local in body.LocalVariables)
                {
                    Add(uses, local.LocalType);
                }

                ReadBody(method, body.GetILAsByteArray() ?? [], uses);
            }
        }
    }

    /// <summary>Walks the IL and resolves every token operand.</summary>
    private static void ReadBody(MethodBase method, byte[] il, HashSet<Type> uses)
    {
        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[position++]);
            }

            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, position);
                    try
                    {
                        switch (module.ResolveMember(token, typeArguments, methodArguments))
                        {
                            case Type resolved:
                                Add(uses, resolved);
                                break;
                            case MethodBase called:
                                Add(uses, called.DeclaringType);
                                if (called.IsGenericMethod)
                                {
                                    foreach (var argument in called.GetGenericArguments())
                                    {
                                        Add(uses, argument);
                                    }
                                }

                                break;
                            case FieldInfo field:
                                Add(uses, field.DeclaringType);
                                break;
                        }
                    }
                    catch (ArgumentException)
                    {
                        // A token that needs generic context this reading does not have: the signature parts are read elsewhere.
                    }

                    position += 4;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (4 * BitConverter.ToInt32(il, position));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    position += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                default:
                    position += 4;
                    break;
            }
        }
    }

    /// <summary>Adds a type, its element type (arrays, by-ref, pointers) and its generic arguments.</summary>
    private static void Add(HashSet<Type> uses, Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.HasElementType)
        {
            Add(uses, type.GetElementType());
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Add(uses, argument);
            }

            type = type.GetGenericTypeDefinition();
        }

        uses.Add(type);
    }
}
