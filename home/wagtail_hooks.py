from wagtail import hooks

from home.editorial.users import refuse_changing_administrators, refuse_making_administrators

hooks.register("before_create_user", refuse_making_administrators)
hooks.register("before_edit_user", refuse_changing_administrators)
