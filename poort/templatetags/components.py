"""Inclusion tags for the shared page parts; their templates live in templates/components/.

Usage is documented in docs/frontend.md.
"""

from django import template
from django.conf import settings
from django.core.paginator import Page
from django.forms import BaseForm, BoundField, ModelChoiceField
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, get_language_info, pgettext_lazy

register = template.Library()

# URL name and label of each main menu item. A section whose URL does not exist yet
# stays out of the menu until its route is added.
MAIN_MENU = [
    ("catalogue", pgettext_lazy("main menu", "Courses")),
    ("orientation", pgettext_lazy("main menu", "Orientation")),
    ("funding:schemes", pgettext_lazy("main menu", "Funding")),
    ("regions:list", pgettext_lazy("main menu", "Regions")),
]


@register.inclusion_tag("components/site_nav.html", takes_context=True)
def site_nav(context: template.Context) -> dict:
    request = context.get("request")
    path = request.path if request else ""
    items = []
    for url_name, label in MAIN_MENU:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "current": path.startswith(url)})
    return {"items": items}


@register.inclusion_tag("components/language_switch.html", takes_context=True)
def language_switch(context: template.Context, with_token: bool = True) -> dict:
    # Without the token a page sets no CSRF cookie; the switch then relies on the browser
    # saying the form came from this site (poort/language.py).
    request = context.get("request")
    return {
        "languages": [get_language_info(code) for code, _name in settings.LANGUAGES],
        "current": get_language(),
        "next": request.get_full_path() if request else "/",
        "with_token": with_token,
    }


@register.inclusion_tag("components/form_field.html")
def form_field(field: BoundField) -> dict:
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
    return {
        "field": field,
        "is_group": field.use_fieldset,
        "is_checkbox": field.widget_type == "checkbox",
        "is_optional": not field.field.required and _may_be_left_empty(field),
        "described_by": " ".join(described_by),
    }


def _may_be_left_empty(field: BoundField) -> bool:
    # A list without an empty choice always sends a value: calling it optional says nothing.
    if field.widget_type != "select":
        return True
    if isinstance(field.field, ModelChoiceField):
        return field.field.empty_label is not None
    return any(value in ("", None) for value, _label in field.field.choices)


def _first_input_id(field: BoundField) -> str:
    # A group of radio buttons or check boxes: jump to its first option.
    if field.use_fieldset and field.subwidgets:
        return field.subwidgets[0].id_for_label
    return field.id_for_label or field.auto_id


@register.inclusion_tag("components/error_summary.html")
def error_summary(*forms: BaseForm) -> dict:
    errors = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        errors += [
            {"anchor": None, "label": "", "message": message} for message in form.non_field_errors()
        ]
        for field in form:
            # A hidden field has nothing to jump to; its error still shows, without a link.
            anchor = None if field.is_hidden else _first_input_id(field)
            errors += [
                {"anchor": anchor, "label": field.label, "message": message}
                for message in field.errors
            ]
    return {"errors": errors}


@register.inclusion_tag("components/pagination.html")
def pagination(page: Page) -> dict:
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    return {"page": page, "numbers": list(numbers), "ellipsis": page.paginator.ELLIPSIS}
