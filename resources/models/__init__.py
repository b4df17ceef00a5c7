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
    MaterialsArchive,
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
    "MaterialsArchive",
    "Sector",
    "ToolkitIndexPage",
    "ToolkitPage",
    "ToolkitPageCentre",
    "ToolkitPageMaterial",
    "ToolkitPageQuerySet",
]
