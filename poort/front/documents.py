"""Documents a person keeps: their question, their plan and their data, as a printable page and
as a PDF (docs/intake.md, "Documents to keep").

`keepsake(referral)` gathers what the document says, as text in the active language; the
print page renders it with a template and `as_pdf` writes the same sections with fpdf2, a
pure-Python library, so a fresh machine needs no system packages for it.
"""

import unicodedata
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from funding.engine import euros
from trajectories.models import Referral, Trajectory

# The PDF's built-in fonts (no font files to ship) know the Windows-1252 characters: Dutch
# letters, € and typographic quotes; any other letter is written without its accent.
PDF_ENCODING = "windows-1252"


@dataclass(frozen=True)
class Section:
    """A heading, label and value rows and paragraphs; rows with an empty value are left out."""

    title: str
    rows: tuple[tuple[str, str], ...] = ()
    paragraphs: tuple[str, ...] = ()


def day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date()
    return date_format(value)


def keepsake(referral: Referral) -> list[Section]:
    """The question, the plan (when there is one), the person's data and the desk."""
    candidate, desk = referral.candidate, referral.desk
    sections = [
        Section(
            _("Your question"),
            (
                (_("Status"), str(referral.get_status_display())),
                (_("Sent on"), day(referral.created_at)),
                (_("Course"), referral.course.title if referral.course else ""),
                (_("Your desk"), desk.name),
                (
                    _("Your adviser"),
                    referral.assigned_to.first_name if referral.assigned_to else "",
                ),
            ),
        )
    ]
    plan = referral.current_trajectory()
    if plan:
        sections += plan_sections(plan)
    sections += [
        Section(
            _("Your data"),
            (
                (_("First name"), candidate.first_name),
                (_("Last name"), candidate.last_name),
                (_("E-mail"), candidate.email),
                (_("Phone"), candidate.phone),
                (_("Municipality"), candidate.municipality.name if candidate.municipality else ""),
                (_("Your situation"), str(candidate.get_situation_display())),
                (_("Current or last occupation"), candidate.occupation),
                (_("We have your data since"), day(candidate.created_at)),
            ),
        ),
        Section(
            _("Contact details of your desk"),
            (
                (_("Desk"), desk.name),
                (_("Phone"), desk.phone),
                (_("E-mail"), desk.email),
                (_("Address"), desk.address),
                (_("Opening hours"), desk.opening_hours),
                (_("Website"), desk.website),
            ),
        ),
    ]
    return [
        Section(section.title, tuple(row for row in section.rows if row[1]), section.paragraphs)
        for section in sections
    ]


def plan_sections(plan: Trajectory) -> list[Section]:
    offering = plan.offering
    course = offering.course
    start = day(offering.start_date)
    if offering.end_date:
        start = _("%(start)s until %(end)s") % {"start": start, "end": day(offering.end_date)}
    sections = [
        Section(
            _("Your plan"),
            (
                (_("Course"), f"{course.title} ({course.provider.name})"),
                (_("Start date"), start),
                (_("Place"), offering.municipality.name if offering.municipality else _("online")),
                (_("Status of your course"), str(plan.get_status_display())),
                (_("Started on"), day(plan.started_on)),
            ),
            (plan.agreements,) if plan.agreements else (),
        )
    ]
    if plan.cost is not None:
        lines = [(line.scheme_name, f"− {euros(line.amount)}") for line in plan.funding_lines.all()]
        sections.append(
            Section(
                _("Who pays for your course"),
                (
                    (_("Cost of the course"), euros(plan.cost)),
                    *lines,
                    (_("What is left for you"), euros(plan.own_contribution or 0)),
                ),
            )
        )
    check_ins = tuple(
        (
            ngettext("After %(months)d month", "After %(months)d months", check_in.months)
            % {"months": check_in.months},
            day(check_in.due_on),
        )
        for check_in in plan.check_ins.all()
    )
    if check_ins:
        sections.append(
            Section(
                _("How is it going?"),
                check_ins,
                (_("We ask you by e-mail how your course is going."),),
            )
        )
    return sections


def pdf_text(text: str) -> str:
    """The text in the PDF fonts' characters: others lose their accent, or become '?'."""
    kept = []
    for character in text:
        try:
            character.encode(PDF_ENCODING)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", character).encode(PDF_ENCODING, "ignore")
            character = plain.decode(PDF_ENCODING) or "?"
        kept.append(character)
    return "".join(kept)


def as_pdf(title: str, sections: list[Section], footer: str) -> bytes:
    """An A4 document: the title, then each section as a heading and a two-column table."""
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = PDF_ENCODING
    pdf.set_title(pdf_text(title))
    pdf.set_creator("Gouden Poort")
    pdf.set_lang(translation.get_language() or "nl")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.multi_cell(0, 9, pdf_text(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for section in sections:
        pdf.ln(4)
        pdf.set_font("helvetica", "B", 13)
        pdf.multi_cell(0, 8, pdf_text(section.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("helvetica", "", 11)
        if section.rows:
            with pdf.table(
                col_widths=(2, 3), first_row_as_headings=False, line_height=6, text_align="LEFT"
            ) as table:
                for label, value in section.rows:
                    table.row((pdf_text(label), pdf_text(value)))
        for paragraph in section.paragraphs:
            pdf.ln(2)
            pdf.multi_cell(0, 6, pdf_text(paragraph), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font("helvetica", "I", 9)
    pdf.multi_cell(0, 5, pdf_text(footer), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
