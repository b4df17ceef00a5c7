/* Source markers of wagtail-localize's translation editor strings that the project translates
 * itself (locale/ru/LC_MESSAGES/djangojs.po): its Russian catalogue gets them wrong
 * ("Опубликовать вEnglish", "Выбрать%s"). Marked here, makemessages -d djangojs keeps the
 * corrections. This file is never served (it is not under static/); the msgids must stay exactly
 * as the editor's bundle writes them, trailing spaces included.
 */
gettext_noop("Publish in ");
gettext_noop("Translate with ");
gettext_noop("Translate all missing strings with ");
gettext_noop("Choose a %s");
gettext_noop("Change %s");
gettext_noop("Edit this %s");
gettext_noop("Fetching %s information...");
gettext_noop("Uses %s version");
gettext_noop("Revert to %s version");
gettext_noop("segments translated");
gettext_noop("Lock");
gettext_noop("Download PO file");
gettext_noop("Download PO file and input translations offline");
gettext_noop("Upload PO file");
gettext_noop("Upload translated PO file to submit translations");
