using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Biotope.Infrastructure;

/// <summary>
/// Before any API handler runs (ADR 016): a JSON body whose non-nullable collections or objects are null or missing
/// (<c>"rates": null</c>, <c>{}</c>) is a 400 with a field error, at every depth, so that no handler or validator meets a
/// null it was promised would not be. Strings are left to the features' own validators, which say which text is missing.
/// </summary>
public static class RequiredMembers
{
    private const int MaxDepth = 8;
    private static readonly Assembly Own = typeof(RequiredMembers).Assembly;
    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    private sealed record Member(string JsonName, Func<object, object?> Get, bool Required, bool ElementsRequired);

    /// <summary>An endpoint filter factory for the API group: it checks the parameters the endpoint reads from the body.</summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetService<Microsoft.Extensions.DependencyInjection.IServiceProviderIsService>();
        var indices = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (parameter, index))
            .Where(p => IsBody(p.parameter, services))
            .Select(p => p.index).ToArray();
        if (indices.Length == 0) return next;
        return async invocation =>
        {
            var errors = new Dictionary<string, Phrase[]>(StringComparer.Ordinal);
            foreach (var index in indices) Check(invocation.Arguments[index], "", errors, 0);
            return errors.Count > 0 ? Failure.Invalid(errors).ToProblem() : await next(invocation);
        };
    }

    /// <summary>A parameter read from the JSON body: one of the application's own classes (or a list of them), not a service.</summary>
    private static bool IsBody(ParameterInfo parameter, Microsoft.Extensions.DependencyInjection.IServiceProviderIsService? services)
    {
        var type = parameter.ParameterType;
        var element = type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : type;
        if (element.Assembly != Own || !element.IsClass || services?.IsService(type) == true) return false;
        return !parameter.GetCustomAttributes().Any(a => a is Microsoft.AspNetCore.Http.Metadata.IFromServiceMetadata
            or Microsoft.AspNetCore.Http.Metadata.IFromQueryMetadata or Microsoft.AspNetCore.Http.Metadata.IFromRouteMetadata
            or Microsoft.AspNetCore.Http.Metadata.IFromHeaderMetadata or Microsoft.AspNetCore.Http.Metadata.IFromFormMetadata or AsParametersAttribute);
    }

    /// <summary>The field errors of one value (an object or a list of them); empty when nothing required is null.</summary>
    public static Dictionary<string, Phrase[]> Errors(object? value)
    {
        var errors = new Dictionary<string, Phrase[]>(StringComparer.Ordinal);
        Check(value, "", errors, 0);
        return errors;
    }

    private static void Check(object? value, string path, Dictionary<string, Phrase[]> errors, int depth)
    {
        if (value is null || depth > MaxDepth) return;
        if (value is IEnumerable list and not string)
        {
            var i = 0;
            foreach (var item in list) Check(item, $"{path}[{i++}]", errors, depth + 1);
            return;
        }
        var type = value.GetType();
        if (type.Assembly != Own || type.IsEnum || type.IsPrimitive) return;
        foreach (var member in Members.GetOrAdd(type, Describe))
        {
            var field = path.Length == 0 ? member.JsonName : $"{path}.{member.JsonName}";
            var child = member.Get(value);
            if (child is null)
            {
                if (member.Required) errors[field] = [Phrase.Of("problem.field.required")];
                continue;
            }
            if (member.ElementsRequired && child is IEnumerable items and not string)
            {
                var i = 0;
                foreach (var item in items)
                {
                    if (item is null) errors[$"{field}[{i}]"] = [Phrase.Of("problem.field.required")];
                    i++;
                }
            }
            Check(child, field, errors, depth + 1);
        }
    }

    private static Member[] Describe(Type type)
    {
        var nullability = new NullabilityInfoContext();
        var members = new List<Member>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null || property.PropertyType.IsValueType) continue;
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null) continue;
            var info = nullability.Create(property);
            var isString = property.PropertyType == typeof(string);
            var required = !isString && info.ReadState == NullabilityState.NotNull;
            var elementsRequired = info.GenericTypeArguments.Length == 1 && info.GenericTypeArguments[0].ReadState == NullabilityState.NotNull
                || info.ElementType is { ReadState: NullabilityState.NotNull };
            if (!required && !elementsRequired && isString) continue;
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            members.Add(new Member(name, property.GetValue, required, elementsRequired && !isString));
        }
        return [.. members];
    }
}
