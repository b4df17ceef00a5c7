// Suggestions as you type for every search field with data-suggest-url.
// Progressive enhancement: without this file the form submits to the search page as usual.
(function () {
  "use strict";

  function debounce(fn, wait) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  function enhance(input, index) {
    var list = document.createElement("ul");
    var listId = "search-suggestions-" + index;
    var active = -1;
    var controller = null;
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.parentNode.style.position = "relative";
    input.parentNode.appendChild(list);

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(next) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (next + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    function render(results) {
      list.textContent = "";
      results.forEach(function (result, i) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        var type = document.createElement("span");
        item.setAttribute("role", "option");
        item.id = listId + "-" + i;
        link.href = result.url;
        link.textContent = result.title;  // text, never HTML: titles are editors' input
        link.tabIndex = -1;
        type.className = "search-suggestions__type";
        type.textContent = result.type;
        item.appendChild(link);
        item.appendChild(type);
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      active = -1;
    }

    var fetchSuggestions = debounce(function () {
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      if (controller) { controller.abort(); }
      controller = new AbortController();
      var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
      fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { render(data.results || []); })
        .catch(function () { /* aborted or offline: the form still works */ });
    }, 200);

    input.addEventListener("input", fetchSuggestions);
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = list.querySelectorAll("[role=option] a")[active].href;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest-url]").forEach(enhance);
  });
})();
