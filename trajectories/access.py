"""Access to referrals for staff: one helper, 404 for anything outside the person's regions."""

from django.http import Http404, HttpRequest

from regions.access import regions_for

from .models import Referral


def referral_for_user(request: HttpRequest, pk: int) -> Referral:
    """The referral when it lies in one of the person's regions (advisers and coordinators of
    the region, editors everywhere); 404 otherwise, without a hint that it exists."""
    referral = (
        Referral.objects.in_regions(regions_for(request.user))
        .select_related("candidate__municipality", "desk", "region", "assigned_to", "course")
        .filter(pk=pk)
        .first()
    )
    if referral is None:
        raise Http404
    return referral
