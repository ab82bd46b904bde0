"""The Celery app `poort` is configured for tasks that may run twice and must not hang."""

from poort.celery import app


def test_tasks_travel_as_json_only():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]


def test_tasks_have_time_limits_and_are_acknowledged_after_they_ran():
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True


def test_the_apps_tasks_are_discovered():
    app.loader.import_default_modules()
    app.autodiscover_tasks(force=True)
    own = {name for name in app.tasks if name.split(".")[0] in {"poort", "trajectories", "funding"}}
    assert own, "no task of the project was found"
