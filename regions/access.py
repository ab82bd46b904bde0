"""Who is staff, where they may act, and the door of the staff pages (docs/signin.md).

Staff: a person with a membership of a region (adviser or coordinator), or a national
editor (is_staff or is_superuser). Every dashboard view takes its objects through
`regions_for`, so a person never sees another region's data.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from poort.access import second_factor_detour

from .models import Membership, Region


def is_editor(user) -> bool:
    """A national editor: may act in every region and use the admin at /beheer/."""
    return user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser)


def is_staff_member(user) -> bool:
    return is_editor(user) or (
        user.is_authenticated and user.is_active and user.memberships.exists()
    )


def regions_for(user, role: Membership.Role | str | None = None) -> QuerySet[Region]:
    """The regions the person may act in, with the given role if one is given.

    Editors act in every region in every role; anyone else only where they have a membership.
    """
    if is_editor(user):
        return Region.objects.all()
    if not (user.is_authenticated and user.is_active):
        return Region.objects.none()
    memberships = Membership.objects.filter(user=user)
    if role is not None:
        memberships = memberships.filter(role=role)
    return Region.objects.filter(pk__in=memberships.values("region_id"))


def coordinated_regions(request: HttpRequest) -> QuerySet[Region]:
    """The regions the person coordinates (editors: every region); 404 when there are none."""
    regions = regions_for(request.user, Membership.Role.COORDINATOR)
    if not regions.exists():
        raise Http404
    return regions


def region_for_coordinator(request: HttpRequest, slug: str) -> Region:
    """The region, when the person coordinates it (editors: every region); else 404."""
    return get_object_or_404(regions_for(request.user, Membership.Role.COORDINATOR), slug=slug)


def staff_with_second_factor_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """For staff views: anonymous → sign-in page; signed in but not staff → 404, so the page
    does not show it exists; staff without the second factor in this session → set up the
    authenticator app, or enter one of its codes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            raise Http404
        detour = second_factor_detour(request, request.get_full_path())
        return detour or view(request, *args, **kwargs)

    return wrapper
