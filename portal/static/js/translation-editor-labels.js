/* wagtail-localize's translation editor (its React bundle) writes two labels in English that no
 * message catalogue reaches: the heading "<source> to <target> translation" above the strings and
 * the screen-reader name "More actions" of the publish button's menu. This script puts the admin
 * language's words in their place whenever the editor renders them, and writes the dates under
 * the strings (formatted on the server with English month names) in the admin's language. The
 * words come from Django's JavaScript catalogue; where it has none (an English-speaking admin),
 * nothing changes.
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

    // "Переведено вручную, 2 December 2026": the date under each string is formatted on the
    // server in English month names; it is written again in the admin's language.
    const language = document.documentElement.lang || "en";
    const months = [
      "January", "February", "March", "April", "May", "June",
      "July", "August", "September", "October", "November", "December",
    ];
    const englishDate = new RegExp(`\\b(\\d{1,2}) (${months.join("|")}) (\\d{4})\\b`);
    const dateFormat = new Intl.DateTimeFormat(language, {
      day: "numeric",
      month: "long",
      year: "numeric",
    });

    function redate(node) {
      const found = node.nodeValue.match(englishDate);
      if (!found) {
        return;
      }
      const date = new Date(Number(found[3]), months.indexOf(found[2]), Number(found[1]));
      node.nodeValue = node.nodeValue.replace(found[0], dateFormat.format(date));
    }

    function relabel() {
      root.querySelectorAll(selector).forEach((element) => {
        const label = labels.get(element.textContent);
        if (label && label !== element.textContent) {
          element.textContent = label;
        }
      });
      if (language.startsWith("en")) {
        return;
      }
      root.querySelectorAll("li").forEach((item) => {
        item.childNodes.forEach((node) => {
          if (node.nodeType === Node.TEXT_NODE) {
            redate(node);
          }
        });
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
