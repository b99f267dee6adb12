"""StreamField blocks shared by the site's general pages."""

from wagtail import blocks


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        preview_value = "Why the academy exists"
        description = "A section heading (rendered as a level-two heading)."
        form_classname = "title"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["bold", "italic", "link", "ol", "ul", "h3", "h4"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "cms/blocks/paragraph.html"
        preview_value = (
            "<p>Most AI pilots stall before production. The academy builds the "
            "skills that unblock them.</p>"
        )
        description = "Formatted text: paragraphs, lists, links and subheadings."


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", "Tip"), ("warning", "Warning"), ("policy", "Policy")],
        default="tip",
    )
    title = blocks.CharBlock(required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"
        preview_value = {
            "kind": "policy",
            "title": "Approved tools only",
            "text": "<p>Use the company's approved AI assistant for work data.</p>",
        }
        description = "A highlighted tip, warning or policy note."


class PageBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    callout = CalloutBlock()
