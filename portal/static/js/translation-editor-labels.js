/* wagtail-localize's translation editor (its React bundle) writes two labels in English that no
 * message catalogue reaches: the heading "<source> to <target> translation" above the strings and
 * the screen-reader name "More actions" of the publish button's menu. This script puts the admin
 * language's words in their place whenever the editor renders them. The words come from Django's
 * JavaScript catalogue; where it has none (an English-speaking admin), nothing changes.
 */
(function () {
  "use strict";

  function relabelTranslationEditor() {
    const root = document.querySelector(".js-translation-editor");
    if (!root || typeof window.gettext !== "function") {
      return;
    }
    const props = JSON.parse(root.dataset.props);
    const names = { source: props.sourceLocale.displayName, target: props.locale.displayName };
    const heading = gettext("Translation: %(source)s → %(target)s");
    const labels = new Map([
      [
        `${names.source} to ${names.target} translation`,
        // Untranslated (English): the editor's own heading stays.
        heading.startsWith("Translation:") ? null : interpolate(heading, names, true),
      ],
      ["More actions", gettext("More actions")],
    ]);
    const selector = "section h3, .w-dropdown__toggle .w-sr-only";

    function relabel() {
      root.querySelectorAll(selector).forEach((element) => {
        const label = labels.get(element.textContent);
        if (label && label !== element.textContent) {
          element.textContent = label;
        }
      });
    }

    new MutationObserver(relabel).observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    relabel();
  }

  // The script is loaded in the page's head, before the editor's element exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", relabelTranslationEditor);
  } else {
    relabelTranslationEditor();
  }
})();
