"""Follow-up ("vasthouden"): the daily task sends each check-in once, on its day, to the
adviser and to the person; the person answers through a link (a GET shows, a POST records);
an answer updates the trajectory, and a problem reaches the adviser and the queue."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from poort.models import Notification
from tests.trajectories.factories import OfferingFactory, ReferralFactory
from tests.trajectories.test_dashboard_permissions import past_second_factor, staff
from trajectories.models import AuditEntry, Candidate, CheckIn, Referral, Trajectory
from trajectories.tasks import send_due_check_ins

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 1, 31)
DUE_DAYS = [
    datetime.date(2027, 2, 28),
    datetime.date(2027, 4, 30),
    datetime.date(2027, 7, 31),
    datetime.date(2028, 1, 31),
]


@pytest.fixture
def adviser():
    return staff(first_name="Fenna", last_name="de Vries", email="fenna@werkcentrum.example")


def started(adviser=None, *, email: str = "sanne@example.nl", assigned: bool = True):
    """A trajectory of Sanne, started on 31 January 2027, with the adviser assigned."""
    referral = ReferralFactory(
        status=Referral.Status.ADVISING,
        candidate__first_name="Sanne",
        candidate__email=email,
        assigned_to=adviser if assigned else None,
    )
    offering = OfferingFactory(
        course__title="Monteur warmtepompen", start_date=START, price=Decimal("0")
    )
    trajectory = referral.plan_trajectory(by=adviser, offering=offering, agreements="")
    trajectory.start(by=adviser, on=START)
    # Only the check-ins count here; the plan's own e-mail: tests/trajectories/test_person_emails.py
    Notification.objects.filter(kind="trajectory_planned").delete()
    return trajectory


def run_on(day: datetime.date) -> int:
    return send_due_check_ins(day.isoformat())


def sent_kinds() -> list[tuple[str, str]]:
    return sorted(Notification.objects.values_list("kind", "recipient"))


# The schedule, with time travel


def test_each_check_in_goes_out_on_its_own_day_and_no_other(adviser):
    started(adviser)

    days_with_mail = [
        day for day in (START + datetime.timedelta(days=n) for n in range(400)) if run_on(day) > 0
    ]

    assert days_with_mail == DUE_DAYS
    assert Notification.objects.filter(kind="check_in").count() == 4
    assert Notification.objects.filter(kind="check_in_adviser").count() == 4


def test_the_day_before_nothing_is_sent(adviser):
    started(adviser)

    assert run_on(datetime.date(2027, 2, 27)) == 0
    assert not Notification.objects.exists()


def test_on_its_day_the_adviser_and_the_person_each_get_one_email(adviser):
    started(adviser)

    run_on(DUE_DAYS[0])

    assert sent_kinds() == [
        ("check_in", "sanne@example.nl"),
        ("check_in_adviser", "fenna@werkcentrum.example"),
    ]


def test_running_the_task_twice_sends_once(adviser):
    started(adviser)

    assert run_on(DUE_DAYS[0]) == 1
    assert run_on(DUE_DAYS[0]) == 0
    assert len(sent_kinds()) == 2


def test_a_check_in_missed_by_a_day_goes_out_the_next_day(adviser):
    trajectory = started(adviser)

    run_on(DUE_DAYS[0] + datetime.timedelta(days=1))

    assert trajectory.check_ins.get(months=1).sent_at is not None
    assert trajectory.check_ins.get(months=3).sent_at is None


def test_without_an_assigned_adviser_the_desk_gets_the_reminder():
    trajectory = started(assigned=False)

    run_on(DUE_DAYS[0])

    desk_email = trajectory.referral.desk.email
    assert Notification.objects.get(kind="check_in_adviser").recipient == desk_email


def test_a_person_without_an_email_address_is_left_to_the_adviser(adviser):
    started(adviser, email="")

    run_on(DUE_DAYS[0])

    assert sent_kinds() == [("check_in_adviser", "fenna@werkcentrum.example")]


@pytest.mark.parametrize("outcome", [Trajectory.Status.COMPLETED, Trajectory.Status.STOPPED])
def test_the_check_ins_of_an_ended_trajectory_are_not_sent(adviser, outcome):
    trajectory = started(adviser)
    trajectory.end(outcome, by=adviser)

    assert run_on(DUE_DAYS[-1]) == 0
    assert not Notification.objects.exists()


# The e-mails, as the recipients read them


def delivered(django_capture_on_commit_callbacks, day=DUE_DAYS[0]) -> dict:
    with django_capture_on_commit_callbacks(execute=True):
        run_on(day)
    return {message.to[0]: message for message in mail.outbox}


def test_the_person_reads_a_short_dutch_question_with_one_link_per_answer(
    adviser, django_capture_on_commit_callbacks
):
    trajectory = started(adviser)

    message = delivered(django_capture_on_commit_callbacks)["sanne@example.nl"]

    token = trajectory.check_ins.get(months=1).token
    assert message.subject == "Hoe gaat het met je opleiding?"
    assert "Je bent 1 maand geleden begonnen met de opleiding Monteur warmtepompen." in message.body
    for word, label in [
        ("goed", "Het gaat goed"),
        ("probleem", "Ik heb een probleem. Bel me alsjeblieft"),
        ("gestopt", "Ik ben gestopt"),
        ("klaar", "Ik heb de opleiding afgerond"),
    ]:
        assert (
            f"{label}: http://127.0.0.1:8000/hoe-gaat-het/{token}/?antwoord={word}" in message.body
        )
    [(html, _)] = message.alternatives
    assert f"/hoe-gaat-het/{token}/?antwoord=probleem" in html


def test_the_adviser_reads_when_and_whom_to_ask_with_a_link_to_the_request(
    adviser, django_capture_on_commit_callbacks
):
    trajectory = started(adviser)

    message = delivered(django_capture_on_commit_callbacks)["fenna@werkcentrum.example"]

    referral_id = trajectory.referral_id
    assert message.subject == f"Vraag Sanne hoe het gaat (aanvraag {referral_id})"
    assert "Op 28 februari 2027 is Sanne 1 maand bezig met de opleiding Monteur warmtepompen." in (
        message.body
    )
    assert f"/dashboard/aanmeldingen/{referral_id}/" in message.body
    assert "sanne@example.nl" not in message.body


# The answer page


def sent_check_in(adviser) -> CheckIn:
    trajectory = started(adviser)
    run_on(DUE_DAYS[0])
    return trajectory.check_ins.get(months=1)


def answer_url(check_in: CheckIn) -> str:
    return reverse("check_in", args=[check_in.token])


def test_opening_a_link_shows_the_answer_chosen_and_records_nothing(client, adviser):
    check_in = sent_check_in(adviser)

    response = client.get(answer_url(check_in), {"antwoord": "probleem"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="problem" required id="id_answer_1" checked' in page
    assert "Verstuur mijn antwoord" in page
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    check_in.refresh_from_db()
    assert check_in.answer == ""
    assert not Notification.objects.filter(kind="check_in_problem").exists()


def test_sending_the_answer_records_it_and_thanks_the_person(client, adviser):
    check_in = sent_check_in(adviser)

    response = client.post(answer_url(check_in), {"answer": "going_well", "note": "Leuk!"})

    assert response.status_code == 302
    check_in.refresh_from_db()
    assert (check_in.answer, check_in.note) == (CheckIn.Answer.GOING_WELL, "Leuk!")
    assert check_in.answered_at is not None
    page = client.get(response.url).content.decode()
    assert "Dank je wel. We hebben je antwoord ontvangen." in page
    assert "<strong>Het gaat goed</strong>" in page


def test_the_latest_answer_counts(client, adviser):
    check_in = sent_check_in(adviser)
    client.post(answer_url(check_in), {"answer": "problem"})

    client.post(answer_url(check_in), {"answer": "going_well"})

    check_in.refresh_from_db()
    assert check_in.answer == CheckIn.Answer.GOING_WELL
    assert not Referral.objects.needing_attention().exists()


def test_an_answer_without_a_choice_shows_the_error_and_keeps_the_note(client, adviser):
    check_in = sent_check_in(adviser)

    response = client.post(answer_url(check_in), {"note": "Lastig"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Kies het antwoord dat bij jou past." in page
    assert "Lastig" in page


@pytest.mark.parametrize("token", ["unknown", "x" * 43])
def test_an_unknown_link_answers_404(client, token):
    assert client.get(reverse("check_in", args=[token])).status_code == 404
    assert client.post(reverse("check_in", args=[token]), {"answer": "stopped"}).status_code == 404


def test_a_check_in_not_sent_yet_answers_404(client, adviser):
    check_in = started(adviser).check_ins.get(months=12)

    assert client.get(answer_url(check_in)).status_code == 404


def test_finished_completes_the_trajectory_and_the_request(client, adviser):
    check_in = sent_check_in(adviser)

    client.post(answer_url(check_in), {"answer": "finished"})

    trajectory = Trajectory.objects.get()
    assert trajectory.status == Trajectory.Status.COMPLETED
    assert trajectory.referral.status == Referral.Status.COMPLETED


def test_stopped_ends_the_trajectory_early(client, adviser):
    check_in = sent_check_in(adviser)

    client.post(answer_url(check_in), {"answer": "stopped"})

    assert Trajectory.objects.get().status == Trajectory.Status.STOPPED
    assert run_on(DUE_DAYS[1]) == 0


def test_a_problem_reaches_the_adviser_once_and_marks_the_request_in_the_queue(client, adviser):
    check_in = sent_check_in(adviser)

    client.post(answer_url(check_in), {"answer": "problem", "note": "Ik snap de stof niet."})
    client.post(answer_url(check_in), {"answer": "problem", "note": "Nog steeds."})

    problem = Notification.objects.get(kind="check_in_problem")
    assert problem.recipient == "fenna@werkcentrum.example"
    assert "Nog steeds." not in str(problem.context)
    dashboard = past_second_factor(Client(), adviser)
    queue = dashboard.get("/dashboard/", {"attention": "on"}).content.decode()
    assert "Vasthouden: graag bellen" in queue
    assert "Sanne" in queue


def test_the_adviser_reads_the_answer_and_marks_it_handled(client, adviser):
    check_in = sent_check_in(adviser)
    client.post(answer_url(check_in), {"answer": "problem", "note": "Ik snap de stof niet."})
    dashboard = past_second_factor(Client(), adviser)
    referral_url = reverse("dashboard:referral", args=[check_in.trajectory.referral_id])
    page = dashboard.get(referral_url).content.decode()
    assert "Ik heb een probleem. Bel me alsjeblieft" in page
    assert "Ik snap de stof niet." in page
    assert "Vraagt aandacht" in page

    url = reverse("dashboard:check_ins_handled", args=[check_in.trajectory.referral_id])
    response = dashboard.post(url)

    assert response.status_code == 302
    assert not Referral.objects.needing_attention().exists()
    queue = dashboard.get("/dashboard/", {"attention": "on"}).content.decode()
    assert "Sanne" not in queue


def test_anonymising_the_person_blanks_the_notes_and_breaks_the_links(client, adviser):
    check_in = sent_check_in(adviser)
    client.post(answer_url(check_in), {"answer": "problem", "note": "Ik ben ziek."})
    old_url = answer_url(check_in)

    Candidate.objects.get(pk=check_in.trajectory.candidate_id).anonymise()

    check_in.refresh_from_db()
    assert check_in.note == ""
    assert client.get(old_url).status_code == 404
    assert Notification.objects.get(kind="check_in_problem").context == {}


def test_the_audit_log_notes_that_the_person_answered(client, adviser):
    check_in = sent_check_in(adviser)

    client.post(answer_url(check_in), {"answer": "going_well"})

    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHECK_IN_ANSWERED)
    assert (entry.user, entry.referral_id) == (None, check_in.trajectory.referral_id)
    assert entry.detail == f"check-in #{check_in.pk}: going_well"
