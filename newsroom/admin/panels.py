"""The article page's panels: what the page shows, grouped by the work done in it (writing, the people and
details, references, review, publishing, history) rather than by the model's tables, each reached from the page's
header. The page's fieldsets and inlines are placed by what they are (a fieldset's key, an inline's class); its
own blocks by their templates."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Panel:
    key: str
    label: str | Promise
    # Fieldset keys (`content_model.Fieldset` or the page's own), inline admin classes, or the template of a block
    # of the article's page (shown once the article exists).
    items: tuple[Any, ...]


@dataclass
class PanelOnPage:
    key: str
    label: str | Promise
    # Each item: {"fieldset": helpers.Fieldset, "index": n} | {"inline": InlineAdminFormSet} | {"template": name}
    items: list[dict] = field(default_factory=list)


def panels_on_page(
    panels: tuple[Panel, ...], *, fieldsets: list[tuple[Any, Any]], inline_formsets: list, saved: bool
) -> list[PanelOnPage]:
    """The page's panels with what this page has of each item: `fieldsets` are (key, admin fieldset) in page order,
    `inline_formsets` the admin's inline formsets. An inline or fieldset no panel names goes to the first panel,
    so that nothing on the form is ever left off the page; a panel with nothing in it is not shown."""
    by_key = {key: (index, fieldset) for index, (key, fieldset) in enumerate(fieldsets)}
    by_inline = {type(formset.opts): formset for formset in inline_formsets}
    placed: set = set()
    result = [PanelOnPage(panel.key, panel.label) for panel in panels]
    for panel, on_page in zip(panels, result, strict=True):
        for item in panel.items:
            placed.add(item)
            if isinstance(item, str) and item.endswith(".html"):
                if saved:
                    on_page.items.append({"template": item})
            elif isinstance(item, type):
                if item in by_inline:
                    on_page.items.append({"inline": by_inline[item]})
            elif item in by_key:
                index, fieldset = by_key[item]
                on_page.items.append({"fieldset": fieldset, "index": index})
    first = result[0].items
    first += [{"fieldset": fieldset, "index": index} for key, (index, fieldset) in by_key.items() if key not in placed]
    first += [{"inline": formset} for kind, formset in by_inline.items() if kind not in placed]
    return [panel for panel in result if panel.items]
