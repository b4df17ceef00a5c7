from wagtail import hooks

from home.editorial.publishing import (
    refuse_bulk_publish,
    refuse_direct_publish,
    remove_publish_action,
)
from home.editorial.users import refuse_changing_administrators, refuse_making_administrators

hooks.register("before_create_user", refuse_making_administrators)
hooks.register("before_edit_user", refuse_changing_administrators)
hooks.register("construct_page_action_menu", remove_publish_action)
hooks.register("before_publish_page", refuse_direct_publish)
hooks.register("before_bulk_action", refuse_bulk_publish)
