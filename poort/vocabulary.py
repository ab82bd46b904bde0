"""Words that several apps share: a person's situation and the kinds of course.

Part of the base layer of `poort`: it imports no app, so every app may use it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Situation(models.TextChoices):
    EMPLOYED = "employed", _("I have a job")
    JOB_SEEKING = "job_seeking", _("I am looking for work")
    SELF_EMPLOYED = "self_employed", _("I am self-employed")
    RETURNING = "returning", _("I want to return to work")
    STUDENT = "student", _("I am at school")
    OTHER = "other", _("Something else")


class Level(models.IntegerChoices):
    """NLQF level; mbo 1-4 are NLQF 1-4."""

    NLQF1 = 1, _("mbo 1 (NLQF 1)")
    NLQF2 = 2, _("mbo 2 (NLQF 2)")
    NLQF3 = 3, _("mbo 3 (NLQF 3)")
    NLQF4 = 4, _("mbo 4 (NLQF 4)")
    NLQF5 = 5, _("Associate degree (NLQF 5)")
    NLQF6 = 6, _("Bachelor (NLQF 6)")


class CertificateKind(models.TextChoices):
    DIPLOMA = "diploma", _("Diploma")
    MBO_CERTIFICATE = "mbo_certificate", _("mbo certificate")
    INDUSTRY_CERTIFICATE = "industry_certificate", _("Industry certificate")
    ATTENDANCE = "attendance", _("Certificate of attendance")


class LearningPath(models.TextChoices):
    BOL = "bol", _("BOL (mostly at school)")
    BBL = "bbl", _("BBL (learning while working)")
    WORKPLACE = "workplace", _("Third learning path (learning in practice)")


class CourseMode(models.TextChoices):
    CLASSROOM = "classroom", _("In a classroom")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")
    PRACTICE = "practice", _("In practice")
