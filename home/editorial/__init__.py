"""The publishing team in the admin: its roles (groups and permissions) and its workflows.

``setup_portal`` puts both in place and ``load_demo_content`` refreshes them after it adds the
section pages; running either again changes nothing that is already right. The roles are
defined here, not in the admin: a group's permissions edited by hand are reset to these on the
next run.
"""

from .roles import ensure_roles
from .workflows import ensure_workflows

__all__ = ["ensure_roles", "ensure_team", "ensure_workflows"]


def ensure_team():
    """Groups with their permissions, then the workflows that name them. Returns a list of
    what changed, for the command's output."""
    groups, changes = ensure_roles()
    changes += ensure_workflows(groups)
    return changes
