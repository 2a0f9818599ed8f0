using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Biotope.Infrastructure;

/// <summary>
/// Every table of every page sits in its own horizontal scroll box, so that a wide table never makes a phone's page
/// scroll sideways and never has its columns cut off; the box takes the keyboard focus so it can be scrolled without
/// a mouse. A table that must not scroll says data-scroll="none".
/// </summary>
[HtmlTargetElement("table")]
public sealed class TableScrollTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.TryGetAttribute("data-scroll", out var scroll) && scroll.Value?.ToString() == "none")
        {
            output.Attributes.Remove(scroll);
            return;
        }
        output.PreElement.AppendHtml("""<div class="table-scroll" tabindex="0">""");
        output.PostElement.AppendHtml("</div>");
    }
}
