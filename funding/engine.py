"""The funding check and the funding stack: plain functions of plain, frozen values.

`check(schemes, profile, course, on)` says for every scheme whether it fits, does not fit
or may fit (unknown), with one reason per rule, and for a course it picks the
combination of fitting schemes that covers the most of the cost (the funding stack).
Nothing here touches the database: `Scheme.objects.as_rules()` loads the schemes as
`SchemeRules` first. docs/funding.md explains the rules, the stack and the decisions.

Reasons hold their English msgid and raw values; they become text (in the active
language) only when shown, so a check over hundreds of schemes stays cheap.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate
from typing import Any, NamedTuple

from django.db.models import TextChoices
from django.utils.formats import date_format, number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from poort.vocabulary import CertificateKind, LearningPath, Level, Situation

CENT = Decimal("0.01")
# Above this many fitting schemes the stack is built greedily instead of searched exactly:
# the exact search stays under a millisecond for most sets of 30, and under about 10 ms
# for the hardest ones we found, but it can grow exponentially (docs/funding.md, "The search").
EXACT_SEARCH_LIMIT = 30
# Regional funds first, then sector funds, national schemes last (then by name).
APPLICATION_ORDER = {"regional": 0, "sector": 1, "national": 2}

# A situation as a group of people, to use in a sentence ("only for job seekers").
SITUATION_GROUPS = {
    Situation.EMPLOYED: _("people in work"),
    Situation.JOB_SEEKING: _("job seekers"),
    Situation.SELF_EMPLOYED: _("self-employed people"),
    Situation.RETURNING: _("people returning to work"),
    Situation.STUDENT: _("pupils and students"),
    Situation.OTHER: _("people in another situation"),
}
CERTIFICATE_NAMES = dict(CertificateKind.choices)
LEARNING_PATH_NAMES = dict(LearningPath.choices)
LEVEL_NAMES = dict(Level.choices)


class Outcome(TextChoices):
    FITS = "fits", _("Fits")
    UNKNOWN = "unknown", _("May fit")
    DOES_NOT_FIT = "does_not_fit", _("Does not fit")


FITS, UNKNOWN, DOES_NOT_FIT = Outcome.FITS, Outcome.UNKNOWN, Outcome.DOES_NOT_FIT


# How values appear in a sentence


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def euros(amount: Decimal) -> str:
    """An amount in the active language: "€ 1.500" or "€ 1.234,50" in Dutch."""
    whole = amount == amount.to_integral_value()
    return "€\xa0" + number_format(amount, 0 if whole else 2, force_grouping=True)


def in_sentence(label: Any) -> str:
    """A choice label in the middle of a sentence: "Diploma" → "diploma", "BBL (…)" stays."""
    text = str(label)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


class AnyOf(tuple):
    """Names shown as alternatives, in alphabetical order: "A, B or C"."""


class AllOf(tuple):
    """Names shown together, in the order given: "A, B and C"."""


class Choices(NamedTuple):
    """Values of a vocabulary shown by their names, in the vocabulary's order: "A or B"."""

    values: Collection[str]
    names: Mapping[str, Any]


def _shown(value: Any) -> str:
    if isinstance(value, AnyOf):
        return get_text_list(sorted(str(item) for item in value), gettext("or"))
    if isinstance(value, AllOf):
        return get_text_list([str(item) for item in value], gettext("and"))
    if isinstance(value, Choices):
        known = [in_sentence(name) for key, name in value.names.items() if key in value.values]
        unknown = sorted(set(value.values) - value.names.keys())
        return get_text_list(known + unknown, gettext("or"))
    if isinstance(value, date):
        return date_format(value)
    if isinstance(value, Decimal):
        return euros(value)
    return str(value)


class Message(NamedTuple):
    """A sentence for people, translated when it is shown (so in the reader's language)."""

    text: Any  # a lazy English msgid with %(name)s placeholders
    values: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        if not self.values:
            return str(self.text)
        return str(self.text) % {key: _shown(value) for key, value in self.values}


class Reason(NamedTuple):
    """What one rule of a scheme says about one person and course."""

    outcome: Outcome
    text: Any
    values: tuple[tuple[str, Any], ...] = ()

    @property
    def message(self) -> Message:
        return Message(self.text, self.values)

    def __str__(self) -> str:
        return str(self.message)


# The facts the engine works on


class Named(NamedTuple):
    """A region (by code) or a field (by slug) with the name people know it by."""

    key: str
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Profile:
    """What a person told us. None means they did not say (the rule is then unknown)."""

    situation: str | None = None  # a poort.vocabulary.Situation value
    region: str | None = None  # the code of the labour market region they live in, e.g. "AM01"
    employer_involved: bool | None = None


@dataclass(frozen=True)
class CourseFacts:
    """The facts of one course (or offering) that schemes look at."""

    cost: Decimal
    sector: str  # the slug of the course's field
    certificate_kind: str  # a CertificateKind value
    learning_path: str = ""  # a LearningPath value; empty for a course outside mbo
    level: int | None = None  # NLQF level; None when the provider does not say

    def __post_init__(self) -> None:
        if self.cost < 0:
            raise ValueError("A course cannot cost less than nothing")


@dataclass(frozen=True)
class SchemeRules:
    """A scheme as the engine sees it; empty collections and None mean "no condition"."""

    id: int
    name: str
    slug: str = ""
    level: str = "national"  # national, regional or sector (the Scheme.Level values)
    status: str = "open"
    opens_on: date | None = None
    closes_on: date | None = None
    budget_remaining: Decimal | None = None
    maximum_amount: Decimal | None = None
    percentage_covered: int = 100
    own_contribution_percentage: int = 0
    target_groups: frozenset[str] = frozenset()
    certificate_kinds: frozenset[str] = frozenset()
    learning_paths: frozenset[str] = frozenset()
    level_ceiling: int | None = None
    employer_required: bool = False
    applicant: str = "individual"  # individual, employer or institution (Scheme.Applicant)
    regions: tuple[Named, ...] = ()
    sectors: tuple[Named, ...] = ()
    not_combinable_with: frozenset[int] = frozenset()

    @property
    def application_order(self) -> tuple[int, str, int]:
        return (APPLICATION_ORDER.get(self.level, len(APPLICATION_ORDER)), self.name, self.id)

    def share_of(self, cost: Decimal) -> Decimal:
        return cents(cost * self.percentage_covered / 100)

    def potential(self, cost: Decimal) -> Decimal:
        """What this scheme alone pays for a course of this cost."""
        limits = [self.share_of(cost), self.maximum_amount, self.budget_remaining]
        return cents(min(limit for limit in limits if limit is not None))

    def cap(self, cost: Decimal) -> Decimal:
        """The most that all schemes together may pay when this one is among them."""
        return cost - cents(cost * self.own_contribution_percentage / 100)


# The rules. Each returns one Reason, or None when the scheme sets no such condition. A rule
# looks only at plain values, and the same values give the very same Reason: a check over
# hundreds of schemes then makes few new objects (and leaves little to garbage-collect).
shared = functools.lru_cache(maxsize=4096)

PAUSED = _("does not fit: the scheme is paused for now")
CLOSED = _("does not fit: the scheme is closed")
EXHAUSTED = _("does not fit: the money of this scheme has run out")
NOT_OPEN_YET = _("does not fit: you can apply from %(date)s")
ENDED = _("does not fit: you could apply until %(date)s")
OPEN_UNTIL = _("fits: open until %(date)s")
OPEN = _("fits: the scheme is open")
# Reasons without values are shared: a check over hundreds of schemes makes fewer objects.
IS_PAUSED, IS_CLOSED = Reason(DOES_NOT_FIT, PAUSED), Reason(DOES_NOT_FIT, CLOSED)
IS_EXHAUSTED, IS_OPEN = Reason(DOES_NOT_FIT, EXHAUSTED), Reason(FITS, OPEN)


def status_rule(scheme: SchemeRules, on: date) -> Reason:
    if scheme.status == "paused":
        return IS_PAUSED
    if scheme.status == "closed":
        return IS_CLOSED
    if scheme.status == "exhausted" or scheme.budget_remaining == 0:
        return IS_EXHAUSTED
    if scheme.opens_on and on < scheme.opens_on:
        return dated_reason(DOES_NOT_FIT, scheme.opens_on)
    if scheme.closes_on and on > scheme.closes_on:
        return dated_reason(DOES_NOT_FIT, scheme.closes_on, ended=True)
    if scheme.closes_on:
        return dated_reason(FITS, scheme.closes_on)
    return IS_OPEN


@shared
def dated_reason(outcome: Outcome, day: date, *, ended: bool = False) -> Reason:
    """Not open yet until the day, closed since the day, or open until the day."""
    if outcome == FITS:
        return Reason(FITS, OPEN_UNTIL, (("date", day),))
    return Reason(DOES_NOT_FIT, ENDED if ended else NOT_OPEN_YET, (("date", day),))


NATIONAL = _("fits: for the whole country")
IS_NATIONAL = Reason(FITS, NATIONAL)
REGION_UNKNOWN = _("unknown: only for people in the region %(regions)s; tell us where you live")
IN_REGION = _("fits: you live in the region %(region)s")
NOT_IN_REGION = _("does not fit: only for people who live in the region %(regions)s")


def region_rule(regions: tuple[Named, ...], home: str | None) -> Reason:
    if not regions:
        return IS_NATIONAL
    if home is None:
        return region_reason(UNKNOWN, regions)
    for region in regions:
        if region.key == home:
            return region_reason(FITS, (region,))
    return region_reason(DOES_NOT_FIT, regions)


@shared
def region_reason(outcome: Outcome, regions: tuple[Named, ...]) -> Reason:
    """Fits: the one region given; unknown or does not fit: the regions of the scheme."""
    if outcome == FITS:
        return Reason(FITS, IN_REGION, (("region", regions[0]),))
    text = REGION_UNKNOWN if outcome == UNKNOWN else NOT_IN_REGION
    return Reason(outcome, text, (("regions", AnyOf(regions)),))


GROUP_UNKNOWN = _("unknown: only for %(groups)s; tell us your situation")
IN_GROUP = _("fits: for %(group)s")
NOT_IN_GROUP = _("does not fit: only for %(groups)s")


@shared
def target_group_rule(target_groups: frozenset[str], situation: str | None) -> Reason | None:
    if not target_groups:
        return None
    if situation is None:
        groups = Choices(target_groups, SITUATION_GROUPS)
        return Reason(UNKNOWN, GROUP_UNKNOWN, (("groups", groups),))
    if situation in target_groups:
        group = Choices((situation,), SITUATION_GROUPS)
        return Reason(FITS, IN_GROUP, (("group", group),))
    groups = Choices(target_groups, SITUATION_GROUPS)
    return Reason(DOES_NOT_FIT, NOT_IN_GROUP, (("groups", groups),))


EMPLOYER_UNKNOWN = _("unknown: ask your employer; this scheme needs your employer to take part")
EMPLOYER_TAKES_PART = _("fits: your employer takes part")
NO_EMPLOYER = _("does not fit: only if your employer takes part")
EMPLOYER_IS_UNKNOWN = Reason(UNKNOWN, EMPLOYER_UNKNOWN)
EMPLOYER_IS_TAKING_PART = Reason(FITS, EMPLOYER_TAKES_PART)
EMPLOYER_IS_NOT_TAKING_PART = Reason(DOES_NOT_FIT, NO_EMPLOYER)


VIA_EMPLOYER_UNKNOWN = _("unknown: via your employer; your employer applies, so ask them")
VIA_EMPLOYER_TAKES_PART = _("fits: via your employer, who applies for it")
VIA_NO_EMPLOYER = _("does not fit: only via an employer, who applies for it")
VIA_EMPLOYER_IS_UNKNOWN = Reason(UNKNOWN, VIA_EMPLOYER_UNKNOWN)
VIA_EMPLOYER_IS_TAKING_PART = Reason(FITS, VIA_EMPLOYER_TAKES_PART)
VIA_EMPLOYER_IS_NOT_TAKING_PART = Reason(DOES_NOT_FIT, VIA_NO_EMPLOYER)


def employer_rule(
    required: bool, involved: bool | None, applicant: str = "individual"
) -> Reason | None:
    """A scheme that needs the employer to take part; one for employers goes "via your
    employer", since only the employer can apply."""
    if applicant == "employer":
        if involved is None:
            return VIA_EMPLOYER_IS_UNKNOWN
        return VIA_EMPLOYER_IS_TAKING_PART if involved else VIA_EMPLOYER_IS_NOT_TAKING_PART
    if not required:
        return None
    if involved is None:
        return EMPLOYER_IS_UNKNOWN
    if involved:
        return EMPLOYER_IS_TAKING_PART
    return EMPLOYER_IS_NOT_TAKING_PART


FIELD_UNKNOWN = _("unknown: only for courses in %(fields)s; choose a course")
IN_FIELD = _("fits: the course is in %(field)s")
NOT_IN_FIELD = _("does not fit: only for courses in %(fields)s")


# For the course rules, None means that no course was chosen.


def field_rule(sectors: tuple[Named, ...], field: str | None) -> Reason | None:
    if not sectors:
        return None
    if field is None:
        return field_reason(UNKNOWN, sectors)
    for sector in sectors:
        if sector.key == field:
            return field_reason(FITS, (sector,))
    return field_reason(DOES_NOT_FIT, sectors)


@shared
def field_reason(outcome: Outcome, sectors: tuple[Named, ...]) -> Reason:
    """Fits: the one field given; unknown or does not fit: the fields of the scheme."""
    if outcome == FITS:
        return Reason(FITS, IN_FIELD, (("field", sectors[0]),))
    text = FIELD_UNKNOWN if outcome == UNKNOWN else NOT_IN_FIELD
    return Reason(outcome, text, (("fields", AnyOf(sectors)),))


CERTIFICATE_UNKNOWN = _(
    "unknown: only for courses with this certificate: %(kinds)s; choose a course"
)
GIVES_CERTIFICATE = _("fits: the course gives this certificate: %(kind)s")
OTHER_CERTIFICATE = _("does not fit: only for courses with this certificate: %(kinds)s")


@shared
def certificate_rule(certificate_kinds: frozenset[str], given: str | None) -> Reason | None:
    if not certificate_kinds:
        return None
    kinds = Choices(certificate_kinds, CERTIFICATE_NAMES)
    if given is None:
        return Reason(UNKNOWN, CERTIFICATE_UNKNOWN, (("kinds", kinds),))
    if given in certificate_kinds:
        kind = Choices((given,), CERTIFICATE_NAMES)
        return Reason(FITS, GIVES_CERTIFICATE, (("kind", kind),))
    return Reason(DOES_NOT_FIT, OTHER_CERTIFICATE, (("kinds", kinds),))


PATH_UNKNOWN = _("unknown: only for this learning path: %(paths)s; choose a course")
FOLLOWS_PATH = _("fits: the course follows this learning path: %(path)s")
OTHER_PATH = _("does not fit: only for this learning path: %(paths)s")


@shared
def learning_path_rule(learning_paths: frozenset[str], followed: str | None) -> Reason | None:
    if not learning_paths:
        return None
    paths = Choices(learning_paths, LEARNING_PATH_NAMES)
    if followed is None:
        return Reason(UNKNOWN, PATH_UNKNOWN, (("paths", paths),))
    if followed in learning_paths:
        path = Choices((followed,), LEARNING_PATH_NAMES)
        return Reason(FITS, FOLLOWS_PATH, (("path", path),))
    # A course without a learning path (outside mbo) follows none of them.
    return Reason(DOES_NOT_FIT, OTHER_PATH, (("paths", paths),))


LEVEL_UNKNOWN_NO_COURSE = _("unknown: only for courses up to %(level)s; choose a course")
LEVEL_UNKNOWN = _("unknown: only for courses up to %(level)s; ask the provider for the level")
UP_TO_LEVEL = _("fits: for courses up to %(level)s")
ABOVE_LEVEL = _("does not fit: only for courses up to %(level)s")


@shared
def level_rule(level_ceiling: int | None, chosen: bool, level: int | None) -> Reason | None:
    """`chosen`: whether there is a course; `level`: its level, None when not known."""
    if level_ceiling is None:
        return None
    ceiling = (("level", LEVEL_NAMES.get(level_ceiling, level_ceiling)),)
    if not chosen:
        return Reason(UNKNOWN, LEVEL_UNKNOWN_NO_COURSE, ceiling)
    if level is None:
        return Reason(UNKNOWN, LEVEL_UNKNOWN, ceiling)
    if level <= level_ceiling:
        return Reason(FITS, UP_TO_LEVEL, ceiling)
    return Reason(DOES_NOT_FIT, ABOVE_LEVEL, ceiling)


class Verdict(NamedTuple):
    scheme: SchemeRules
    outcome: Outcome
    reasons: tuple[Reason, ...]


def evaluate(
    scheme: SchemeRules, profile: Profile, course: CourseFacts | None, on: date
) -> Verdict:
    """One scheme for one person (and course) on one date: any "no" wins, then any "maybe"."""
    chosen = course is not None
    field, kind, path, level = (
        (course.sector, course.certificate_kind, course.learning_path, course.level)
        if chosen
        else (None, None, None, None)
    )
    reasons = tuple(
        filter(
            None,
            (
                status_rule(scheme, on),
                region_rule(scheme.regions, profile.region),
                target_group_rule(scheme.target_groups, profile.situation),
                employer_rule(
                    scheme.employer_required, profile.employer_involved, scheme.applicant
                ),
                field_rule(scheme.sectors, field),
                certificate_rule(scheme.certificate_kinds, kind),
                learning_path_rule(scheme.learning_paths, path),
                level_rule(scheme.level_ceiling, chosen, level),
            ),
        )
    )
    outcome = FITS
    for reason in reasons:
        if reason.outcome == DOES_NOT_FIT:
            outcome = DOES_NOT_FIT
            break
        if reason.outcome == UNKNOWN:
            outcome = UNKNOWN
    return Verdict(scheme, outcome, reasons)


# The funding stack


@dataclass(frozen=True)
class StackLine:
    scheme: SchemeRules
    amount: Decimal
    explanation: tuple[Message, ...]

    @property
    def explanation_text(self) -> str:
        return " ".join(str(message) for message in self.explanation)


@dataclass(frozen=True)
class LeftOut:
    """A fitting scheme that is not in the stack, and why."""

    scheme: SchemeRules
    reason: Message


@dataclass(frozen=True)
class Possible:
    """A scheme that may fit: what it could pay alone, and what we need to know first."""

    scheme: SchemeRules
    could_pay: Decimal
    conditions: tuple[Reason, ...]


@dataclass(frozen=True)
class FundingStack:
    cost: Decimal
    lines: tuple[StackLine, ...]
    covered: Decimal
    own_contribution: Decimal
    left_out: tuple[LeftOut, ...] = ()
    possible: tuple[Possible, ...] = ()
    notes: tuple[Message, ...] = ()
    exact: bool = True


def _in_cents(amounts: Sequence[Decimal]) -> list[int] | list[Decimal]:
    """The amounts as whole cents (integers add up fast), or as they are if one is not."""
    scaled = [amount * 100 for amount in amounts]
    if all(value == value.to_integral_value() for value in scaled):
        return [int(value) for value in scaled]
    return list(amounts)


def _best_combination(candidates: Sequence[SchemeRules], cost: Decimal) -> tuple[int, ...]:
    """The indexes of the candidates that together cover the most.

    Ties go to fewer schemes, then to the first set in application order (the smallest
    tuple of indexes); the candidates must be in application order. Branch and bound over
    the subsets in lexicographic order, pruned when what the remaining schemes could add
    cannot beat the best set, nor equal it with fewer schemes (docs/funding.md, "The search").
    """
    count = len(candidates)
    amounts = _in_cents(
        [cost, *(scheme.potential(cost) for scheme in candidates)]
        + [scheme.cap(cost) for scheme in candidates]
    )
    potentials, caps = amounts[1 : count + 1], amounts[count + 1 :]
    indexes = defaultdict(list)
    for i, scheme in enumerate(candidates):
        indexes[scheme.id].append(i)
    conflicts = [
        sum(1 << j for other in scheme.not_combinable_with for j in indexes.get(other, ()))
        for scheme in candidates
    ]
    # largest[i]: the running totals of the potentials of candidates i, i+1, …, largest
    # first: how many of them it takes at least to reach an amount.
    largest = [list(accumulate(sorted(potentials[i:], reverse=True))) for i in range(count + 1)]
    best_total, best = 0, ()

    def visit(start: int, picked: tuple[int, ...], total, cap, banned: int) -> None:
        nonlocal best_total, best
        allowed = [i for i in range(start, count) if not banned >> i & 1]
        after = sum(potentials[i] for i in allowed)  # what the allowed ones after i add
        for i in allowed:
            after -= potentials[i]
            now_picked, now_total, now_cap = (*picked, i), total + potentials[i], min(cap, caps[i])
            covered = min(now_total, now_cap)
            if covered > best_total or (
                covered == best_total and (len(now_picked), now_picked) < (len(best), best)
            ):
                best_total, best = covered, now_picked
            if covered == now_cap:
                continue  # adding more cannot cover more; it only adds schemes
            bound = min(now_cap, now_total + after)
            if bound < best_total:
                continue
            if bound == best_total:
                fewest = len(now_picked) + 1 + bisect_left(largest[i + 1], best_total - now_total)
                if (fewest, now_picked) > (len(best), best):
                    continue  # at best it ties with more schemes, or comes later
            visit(i + 1, now_picked, now_total, now_cap, banned | conflicts[i])

    visit(0, (), 0, amounts[0], 0)
    return best


def _greedy_combination(candidates: Sequence[SchemeRules], cost: Decimal) -> tuple[int, ...]:
    """Largest first, each one only when it raises what is covered."""
    order = sorted(range(len(candidates)), key=lambda i: -candidates[i].potential(cost))
    picked: list[int] = []
    total, cap, covered = Decimal(0), cost, Decimal(0)
    for i in order:
        scheme = candidates[i]
        if any(candidates[j].id in scheme.not_combinable_with for j in picked):
            continue
        now_total, now_cap = total + scheme.potential(cost), min(cap, scheme.cap(cost))
        if min(now_total, now_cap) > covered:
            picked.append(i)
            total, cap, covered = now_total, now_cap, min(now_total, now_cap)
    return tuple(sorted(picked))


SHARE = _("Pays %(percentage)s%% of the cost of %(cost)s: %(share)s.")
AT_MOST = _("Pays at most %(maximum)s.")
BUDGET_LEFT = _("Only %(budget)s is left in its budget.")
LEFT_TO_COVER = _("Only %(open)s was left to cover.")


def _line(scheme: SchemeRules, cost: Decimal, still_open: Decimal) -> StackLine:
    share, potential = scheme.share_of(cost), scheme.potential(cost)
    amount = min(potential, still_open)
    explanation = [
        Message(
            SHARE, (("percentage", scheme.percentage_covered), ("cost", cost), ("share", share))
        )
    ]
    if scheme.maximum_amount is not None and scheme.maximum_amount < share:
        explanation.append(Message(AT_MOST, (("maximum", scheme.maximum_amount),)))
    limits = [limit for limit in (share, scheme.maximum_amount) if limit is not None]
    if scheme.budget_remaining is not None and scheme.budget_remaining < min(limits):
        explanation.append(Message(BUDGET_LEFT, (("budget", scheme.budget_remaining),)))
    if amount < potential:
        explanation.append(Message(LEFT_TO_COVER, (("open", still_open),)))
    return StackLine(scheme, amount, tuple(explanation))


NOT_COMBINABLE = _("Not used: it cannot be combined with %(schemes)s.")
OWN_CONTRIBUTION_TOO_HIGH = _(
    "Not used: you would have to pay %(percentage)s%% yourself, so less is covered."
)
ADDS_NOTHING = _("Not used: it would not add to what is covered.")
ASKS_OWN_CONTRIBUTION = _(
    "%(scheme)s asks you or your employer to pay at least %(percentage)s%% yourselves."
)
NOT_EXACT = _("Many schemes fit; this mix is good, but there may be a better one.")


def _why_left_out(scheme: SchemeRules, chosen: Sequence[SchemeRules]) -> Message:
    blocking = AllOf(other.name for other in chosen if other.id in scheme.not_combinable_with)
    if blocking:
        return Message(NOT_COMBINABLE, (("schemes", blocking),))
    own = max((other.own_contribution_percentage for other in chosen), default=0)
    if scheme.own_contribution_percentage > own:
        return Message(
            OWN_CONTRIBUTION_TOO_HIGH, (("percentage", scheme.own_contribution_percentage),)
        )
    return Message(ADDS_NOTHING)


def funding_stack(verdicts: Iterable[Verdict], cost: Decimal) -> FundingStack:
    """The fitting schemes that together pay the most of `cost`, line by line."""
    verdicts = sorted(verdicts, key=lambda verdict: verdict.scheme.application_order)
    fitting = [verdict.scheme for verdict in verdicts if verdict.outcome == FITS]
    candidates = [scheme for scheme in fitting if scheme.potential(cost) > 0]
    exact = len(candidates) <= EXACT_SEARCH_LIMIT
    search = _best_combination if exact else _greedy_combination
    chosen = [candidates[i] for i in search(candidates, cost)]
    chosen_ids = {scheme.id for scheme in chosen}
    cap = min([cost, *(scheme.cap(cost) for scheme in chosen)])
    lines, covered = [], Decimal(0)
    for scheme in chosen:
        line = _line(scheme, cost, cap - covered)
        lines.append(line)
        covered += line.amount
    notes = [
        Message(
            ASKS_OWN_CONTRIBUTION,
            (("scheme", scheme.name), ("percentage", scheme.own_contribution_percentage)),
        )
        for scheme in chosen
        if scheme.own_contribution_percentage
    ]
    if not exact:
        notes.append(Message(NOT_EXACT))
    return FundingStack(
        cost=cost,
        lines=tuple(lines),
        covered=covered,
        own_contribution=max(cost - covered, Decimal(0)),
        left_out=tuple(
            LeftOut(scheme, _why_left_out(scheme, chosen))
            for scheme in fitting
            if scheme.id not in chosen_ids
        ),
        possible=tuple(
            Possible(
                verdict.scheme,
                verdict.scheme.potential(cost),
                tuple(reason for reason in verdict.reasons if reason.outcome == UNKNOWN),
            )
            for verdict in verdicts
            if verdict.outcome == UNKNOWN
        ),
        notes=tuple(notes),
        exact=exact,
    )


@dataclass(frozen=True)
class Check:
    """Every scheme's verdict in application order, and the stack when there is a course."""

    verdicts: tuple[Verdict, ...]
    stack: FundingStack | None

    def with_outcome(self, outcome: Outcome) -> tuple[Verdict, ...]:
        return tuple(verdict for verdict in self.verdicts if verdict.outcome == outcome)


def check(
    schemes: Iterable[SchemeRules], profile: Profile, course: CourseFacts | None, on: date
) -> Check:
    """A person's check: schemes for institutions (money for schools and projects) are left
    out, since a person cannot apply for them."""
    verdicts = tuple(
        evaluate(scheme, profile, course, on)
        for scheme in sorted(schemes, key=lambda scheme: scheme.application_order)
        if scheme.applicant != "institution"
    )
    stack = funding_stack(verdicts, cents(course.cost)) if course is not None else None
    return Check(verdicts, stack)
