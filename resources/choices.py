"""The fixed lists of the resources section: the models store them, the filters offer them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    NGO = "ngo", _("Non-profit")
    BUSINESS = "business", _("Business")
    COMMUNITY = "community", _("Community-run")


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Neighbours and residents")
    YOUTH = "youth", _("Young people")
    FAMILIES = "families", _("Families with children")
    SENIORS = "seniors", _("Older people")
    PROFESSIONALS = "professionals", _("Creative professionals")
    ORGANISATIONS = "organisations", _("NGOs and local organisations")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy: a small team, a few weeks")
    MEDIUM = "medium", _("Medium: partners and a budget")
    HARD = "hard", _("Hard: months of work and many partners")
