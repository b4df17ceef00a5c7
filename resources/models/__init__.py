from .centres import (
    CentreIndexPage,
    CentrePage,
    CentrePageContact,
    CentrePageQuerySet,
    CentrePageTopic,
    Sector,
)
from .toolkits import (
    Audience,
    Difficulty,
    ToolkitIndexPage,
    ToolkitPage,
    ToolkitPageCentre,
    ToolkitPageMaterial,
    ToolkitPageQuerySet,
)

__all__ = [
    "Audience",
    "CentreIndexPage",
    "CentrePage",
    "CentrePageContact",
    "CentrePageQuerySet",
    "CentrePageTopic",
    "Difficulty",
    "Sector",
    "ToolkitIndexPage",
    "ToolkitPage",
    "ToolkitPageCentre",
    "ToolkitPageMaterial",
    "ToolkitPageQuerySet",
]
