"""A course page's structured data for search engines: schema.org `Course` with a
`CourseInstance` for each upcoming offering (docs/catalogue.md). A plain dict; the page writes
it with `{% json_ld %}` (poort/seo.py), which escapes it for a <script> element."""

from typing import Any

from django.conf import settings

from poort.seo import site_url
from poort.vocabulary import CourseMode
from trajectories.models.catalogue import Course, Offering

# schema.org's courseMode: "Onsite", "Online" or "Blended".
SCHEMA_COURSE_MODES = {
    CourseMode.CLASSROOM: "Onsite",
    CourseMode.ONLINE: "Online",
    CourseMode.HYBRID: "Blended",
    CourseMode.PRACTICE: "Onsite",
}


def course_structured_data(course: Course, offerings: list[Offering]) -> dict[str, Any]:
    url = site_url(course.get_absolute_url())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url,
        "url": url,
        "name": course.title,
        "description": course.summary,
        "inLanguage": settings.LANGUAGE_CODE,
        "provider": organisation(course.provider.name, course.provider.website),
        "educationalCredentialAwarded": str(course.get_certificate_kind_display()),
        "offers": [offer(course.price, url)],
    }
    if course.crebo_code:
        data["courseCode"] = course.crebo_code
    if course.duration_weeks and course.hours_per_week:
        data["timeRequired"] = f"P{course.duration_weeks}W"
    if offerings:
        data["hasCourseInstance"] = [course_instance(course, item, url) for item in offerings]
    return data


def course_instance(course: Course, offering: Offering, url: str) -> dict[str, Any]:
    instance: dict[str, Any] = {"@type": "CourseInstance", "startDate": offering.start_date}
    if offering.end_date:
        instance["endDate"] = offering.end_date
    if offering.municipality is None:
        instance["courseMode"] = "Online"
        instance["location"] = {"@type": "VirtualLocation", "url": url}
    else:
        mode = SCHEMA_COURSE_MODES.get(course.mode, "Onsite")
        instance["courseMode"] = "Blended" if mode == "Online" else mode
        instance["location"] = {
            "@type": "Place",
            "name": offering.municipality.name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": offering.municipality.name,
                "addressCountry": "NL",
            },
        }
    if course.duration_weeks and course.hours_per_week:
        instance["courseWorkload"] = f"PT{course.duration_weeks * course.hours_per_week}H"
    instance["offers"] = offer(offering.cost, url)
    return instance


def offer(price, url: str) -> dict[str, Any]:
    return {
        "@type": "Offer",
        "price": f"{price:.2f}",
        "priceCurrency": "EUR",
        "category": "Free" if price == 0 else "Paid",
        "url": url,
    }


def organisation(name: str, website: str = "") -> dict[str, Any]:
    data = {"@type": "Organization", "name": name}
    if website:
        data["url"] = website
    return data
