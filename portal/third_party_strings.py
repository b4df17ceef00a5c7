"""Source markers of Wagtail's and wagtail-localize's strings that the project translates itself.

Their own Russian catalogues leave these strings out or get them wrong ("Выбрать организация",
"до даты", "Переведено с load_demo_content в …"), and the project's catalogue
(``locale/ru/LC_MESSAGES/django.po``, first in LOCALE_PATHS) takes precedence over the apps'.
``makemessages`` keeps only the strings it finds in the project's sources: marked here, the
corrections are not dropped as obsolete. Nothing imports this module; the msgids must stay
exactly as the apps write them. The JavaScript editor's strings are in
``third_party_strings.js``.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL = (
    gettext_noop("Choose %(object)s"),
    gettext_noop("Choose another %(object)s"),
    gettext_noop("Edit this %(object)s"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."
    ),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in "
        "'<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_noop(
        "Sort the order of child pages within '%(parent)s' by '%(label)s' in ascending order."
    ),
    gettext_noop(
        "Sort the order of child pages within '%(parent)s' by '%(label)s' in descending order."
    ),
    gettext_noop("Actions (footer)"),
    gettext_noop("Proceeding will overwrite the changes you made in that window."),
    gettext_noop("Proceeding will overwrite the changes made by %(user_name)s."),
    gettext_noop("Alternatively, you can view the latest version in a new tab."),
    gettext_noop("View latest version"),
    gettext_noop("Currently idle"),
    gettext_noop("Meta description is empty"),
    gettext_noop("Add a concise description for search engines"),
    gettext_noop("Locked by"),
    gettext_noop("Anyone"),
    gettext_noop("Cancelled by %(cancelled_by)s"),
    gettext_noop('You do not have permission to publish pages at "%(page_title)s"'),
    gettext_noop("Maximum filesize: %(max_upload_size)s."),
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Resubmit to %(task_name)s"),
    gettext_noop("Sent to %(task_name)s %(started_at)s"),
    gettext_noop("%(status_display)s %(task_name)s %(started_at)s"),
    gettext_noop(
        "This page is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>."
    ),
    gettext_noop(
        "This page was marked as needing changes at <strong>%(task)s</strong> in "
        "<strong>%(workflow)s</strong>."
    ),
    # Moderation e-mails
    gettext_noop("Hello %(username)s,"),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage '
        '"%(task)s".'
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s" '
        "by %(requester)s."
    ),
    gettext_noop('The page "%(title)s" has been submitted to workflow "%(workflow)s"'),
)

WAGTAIL_LOCALIZE = (
    gettext_noop("Up to date"),
    gettext_noop("Waiting for translations"),
    gettext_noop("Machine"),
    gettext_noop("Translated with {tool_name} on {date}"),
    gettext_noop("Translated manually on {date}"),
    gettext_noop("Machine translated on {date}"),
    gettext_noop("Translation of %(instance)s into %(locale)s"),
    gettext_noop("Editing %(object_type)s %(title)s"),
    gettext_noop(
        "The {model_name} '{object}' was successfully submitted for translation into {locales}"
    ),
    gettext_noop(
        "The page '{page_title}' was successfully submitted for translation into {locales}"
    ),
    gettext_noop("Published '{object}' in {locale}."),
    gettext_noop("Published '{object}' in {locale} with missing translations - see below."),
    gettext_noop(
        "New validation errors were found when publishing '{object}' in {locale}. "
        "Please fix them or click publish again to ignore these translations for now."
    ),
    gettext_noop("Successfully translated with {}."),
    gettext_noop("Successfully updated translations for '{object}'"),
    gettext_noop("All child pages will be created."),
    ngettext_lazy("Include subtree ({} page)", "Include subtree ({} pages)"),
    gettext_noop("{} locales"),
    gettext_noop("Locales"),
    gettext_noop("Source title"),
    gettext_noop("Go back"),
    gettext_noop("This locale cannot be synced into itself."),
    gettext_noop("Yes, convert it"),
    gettext_noop(
        "Are you sure you want to convert this page into an alias? This will overwrite the "
        "content of the page with the content of '%(source_page_title)s' "
        "(%(source_page_locale)s)"
    ),
    gettext_noop(
        "This page hasn't been translated yet. It is mirroring the "
        '<a href="%(edit_original_page_url)s" target="_blank">%(original_locale)s page</a>.'
    ),
    gettext_noop("Unrecognised id found in an <a> tag: {}"),  # a PO string's rejection
)
