from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.forms import BoundField
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from poort.vocabulary import CertificateKind, CourseMode, LearningPath, Level
from regions.forms import MunicipalityField
from regions.models import Municipality, Region, Sector

from .search import PRICE_LIMITS, CatalogueQuery, Sort, StartWindow
from .textsearch import level_in

PAGE_SIZES = (10, 20, 50)
DEFAULT_PAGE_SIZE = 20

# Each filter's parameter in the URL and its name on CatalogueQuery.
FILTER_PARAMETERS = {
    "q": "text",
    "vakgebied": "sector",
    "regio": "region",
    "niveau": "level",
    "leerweg": "learning_path",
    "vorm": "mode",
    "certificaat": "certificate_kind",
    "start": "starts_within",
    "maxprijs": "max_price",
}


def price_label(limit: int) -> str:
    if limit == 0:
        return gettext("Free")
    return gettext("Up to € %(amount)s") % {"amount": number_format(limit, force_grouping=True)}


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    """One filter as the page shows it: a select whose options say how many results they give."""

    field: BoundField
    any_label: str
    options: list[FacetOption]


class CatalogueForm(forms.Form):
    """The search box and filters of /opleidingen/; every parameter of the URL is checked.

    A value that is not valid is shown as an error and left out of the search.
    """

    q = forms.CharField(
        label=_("Search words"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    vakgebied = forms.ModelChoiceField(
        label=_("Field"),
        queryset=Sector.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Choose a field from the list.")},
    )
    regio = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Choose a region from the list.")},
    )
    gemeente = MunicipalityField(
        label=_("Or type your municipality"),
        help_text=_("We then show the courses in its region."),
        required=False,
        widget=forms.TextInput(attrs={"list": "municipality-names", "autocomplete": "off"}),
        error_messages={
            "unknown": _("We do not know this municipality. Check the spelling."),
            "ambiguous": _("Several municipalities fit: %(names)s. Type the whole name."),
        },
    )
    niveau = forms.TypedChoiceField(
        label=_("Level"), choices=Level.choices, coerce=int, empty_value=None, required=False
    )
    leerweg = forms.ChoiceField(
        label=_("Learning path"), choices=LearningPath.choices, required=False
    )
    vorm = forms.ChoiceField(label=_("How you learn"), choices=CourseMode.choices, required=False)
    certificaat = forms.ChoiceField(
        label=_("Certificate"), choices=CertificateKind.choices, required=False
    )
    start = forms.ChoiceField(label=_("Starts"), choices=StartWindow.choices, required=False)
    maxprijs = forms.TypedChoiceField(
        label=_("Maximum price"),
        choices=[(str(limit), str(limit)) for limit in PRICE_LIMITS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    # Always given: __init__ fills in the default.
    sorteer = forms.ChoiceField(label=_("Sort by"), choices=Sort.choices)
    per = forms.TypedChoiceField(
        label=_("Results per page"),
        choices=[(str(size), str(size)) for size in PAGE_SIZES],
        coerce=int,
    )

    def __init__(self, data=None, **kwargs) -> None:
        if data is not None:
            # The sort and page size selects then show what the search really uses.
            data = data.copy()
            data["sorteer"] = data.get("sorteer") or Sort.RELEVANCE
            data["per"] = data.get("per") or str(DEFAULT_PAGE_SIZE)
        super().__init__(data, **kwargs)
        self.municipality: Municipality | None = None

    def clean_gemeente(self) -> Municipality | None:
        text = self.cleaned_data["gemeente"]
        return self.fields["gemeente"].municipality(text) if text else None

    def clean(self) -> dict:
        cleaned = super().clean()
        # A municipality someone typed wins, and becomes its region: the page shows the
        # region chosen and the field empty, so that choosing another region later works.
        if cleaned.get("gemeente"):
            self.municipality = cleaned["gemeente"]
            cleaned["regio"] = self.municipality.region
            self.errors.pop("regio", None)
            self.data["gemeente"] = ""
        # "lassen niveau 2": the level the words name is the level filter, unless one is chosen.
        if not cleaned.get("niveau") and (level := level_in(cleaned.get("q") or "")):
            cleaned["niveau"] = level
            self.errors.pop("niveau", None)
            self.data["niveau"] = str(level)
        return cleaned

    def _valid(self) -> dict:
        """The values that passed; a field with an error is left out."""
        self.is_valid()
        return self.cleaned_data

    def catalogue_query(self) -> CatalogueQuery:
        values = self._valid()
        chosen = {
            name: values[parameter]
            for parameter, name in FILTER_PARAMETERS.items()
            if values.get(parameter) not in (None, "")
        }
        return CatalogueQuery(**chosen, sort=values.get("sorteer") or Sort.RELEVANCE)

    @property
    def page_size(self) -> int:
        return self._valid().get("per") or DEFAULT_PAGE_SIZE

    def parameters(self) -> dict[str, str]:
        """The search as the shortest URL parameters: valid, not empty, not the default."""
        values = self._valid()
        parameters = {}
        for parameter in FILTER_PARAMETERS:
            value = values.get(parameter)
            if value not in (None, ""):
                parameters[parameter] = str(getattr(value, "slug", value))
        if values.get("sorteer") not in (None, "", Sort.RELEVANCE):
            parameters["sorteer"] = values["sorteer"]
        if values.get("per") not in (None, DEFAULT_PAGE_SIZE):
            parameters["per"] = str(values["per"])
        return parameters

    def url(self, *, without: str = "", **changes: str) -> str:
        """The query string of this search, with one parameter dropped or some changed."""
        parameters = {**self.parameters(), **changes}
        parameters.pop(without, None)
        return "?" + urlencode(parameters) if parameters else "?"

    def active_filters(self, facets: list[Facet]) -> list[tuple[str, str, str]]:
        """The filters in use as (parameter, name on CatalogueQuery, "Field: Elektrotechniek")."""
        chosen = {
            facet.field.name: option.label
            for facet in facets
            for option in facet.options
            if option.selected
        }
        if text := self.parameters().get("q"):
            chosen["q"] = text
        return [
            (parameter, name, f"{self[parameter].label}: {chosen[parameter]}")
            for parameter, name in FILTER_PARAMETERS.items()
            if parameter in chosen
        ]

    def facets(self, counts: dict[str, dict]) -> list[Facet]:
        """The filters with the number of results each of their options gives."""
        chosen = self.parameters()
        # Per filter: (value in the URL, label, key in the counts of CatalogueQuery).
        choices = {
            "vakgebied": [(sector.slug, sector.name, sector.pk) for sector in Sector.objects.all()],
            "regio": [(region.slug, region.name, region.pk) for region in Region.objects.all()],
            "niveau": [(str(value), label, value) for value, label in Level.choices],
            "leerweg": [(value, label, value) for value, label in LearningPath.choices],
            "vorm": [(value, label, value) for value, label in CourseMode.choices],
            "certificaat": [(value, label, value) for value, label in CertificateKind.choices],
            "start": [(window.value, window.label, window) for window in StartWindow],
            "maxprijs": [(str(limit), price_label(limit), limit) for limit in PRICE_LIMITS],
        }
        return [
            Facet(
                field=self[parameter],
                any_label=ANY_LABELS[parameter],
                options=[
                    FacetOption(
                        value=value,
                        label=label,
                        count=counts[FILTER_PARAMETERS[parameter]].get(key, 0),
                        selected=chosen.get(parameter) == value,
                    )
                    for value, label, key in rows
                ],
            )
            for parameter, rows in choices.items()
        ]


ANY_LABELS = {
    "vakgebied": _("All fields"),
    "regio": _("All of the Netherlands"),
    "niveau": _("Any level"),
    "leerweg": _("Any learning path"),
    "vorm": _("Any way"),
    "certificaat": _("Any certificate"),
    "start": _("Any time"),
    "maxprijs": _("Any price"),
}
