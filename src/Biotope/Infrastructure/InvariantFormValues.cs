using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Biotope.Infrastructure;

/// <summary>
/// Reads form fields with the invariant culture: number inputs post "1234.5" whatever the page's language,
/// and the French culture would otherwise read the point as a thousands separator.
/// </summary>
public sealed class InvariantFormValueProviderFactory : IValueProviderFactory
{
    public Task CreateValueProviderAsync(ValueProviderFactoryContext context)
    {
        var request = context.ActionContext.HttpContext.Request;
        if (request.HasFormContentType) return AddAsync(context);
        return Task.CompletedTask;
    }

    private static async Task AddAsync(ValueProviderFactoryContext context)
    {
        var form = await context.ActionContext.HttpContext.Request.ReadFormAsync();
        context.ValueProviders.Add(new FormValueProvider(BindingSource.Form, form, CultureInfo.InvariantCulture));
    }

    public static void Replace(IList<IValueProviderFactory> factories)
    {
        for (var i = 0; i < factories.Count; i++)
            if (factories[i] is FormValueProviderFactory) factories[i] = new InvariantFormValueProviderFactory();
    }
}
