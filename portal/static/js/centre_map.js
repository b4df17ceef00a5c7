/* The centres' map. Progressive enhancement: the listing is complete without it.
 *
 * A container `[data-centre-map]` carries its settings in data attributes: the tile server
 * (`data-tile-url`, `data-attribution`, from settings.PORTAL_MAP_TILE_URL) and either the JSON
 * endpoint of the filtered centres (`data-markers-url`) or one centre (`data-lat`, `data-lng`,
 * `data-title`). Marker texts are set as text, never as HTML.
 */
(function () {
  "use strict";

  function popup(centre) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = centre.url;
    link.textContent = centre.title;
    box.appendChild(link);
    var meta = [centre.type, centre.city].filter(Boolean).join(" · ");
    if (meta) {
      var line = document.createElement("div");
      line.textContent = meta;
      box.appendChild(line);
    }
    return box;
  }

  function show(element) {
    if (!window.L) {
      return;
    }
    element.hidden = false;
    var map = window.L.map(element, { scrollWheelZoom: false });
    window.L.tileLayer(element.dataset.tileUrl, {
      attribution: element.dataset.attribution,
      maxZoom: 18,
    }).addTo(map);

    if (element.dataset.lat && element.dataset.lng) {
      var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)];
      window.L.marker(point, { title: element.dataset.title }).addTo(map);
      map.setView(point, 15);
      return;
    }
    map.setView([58, 60], 3);
    fetch(element.dataset.markersUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { centres: [] };
      })
      .then(function (data) {
        var bounds = [];
        data.centres.forEach(function (centre) {
          var point = [centre.lat, centre.lng];
          bounds.push(point);
          window.L.marker(point, { title: centre.title }).bindPopup(popup(centre)).addTo(map);
        });
        if (bounds.length === 1) {
          map.setView(bounds[0], 13);
        } else if (bounds.length > 1) {
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
        }
      })
      .catch(function () {
        element.hidden = true;
      });
  }

  function start() {
    if (window.L) {
      window.L.Icon.Default.imagePath = document.querySelector(
        'link[href*="vendor/leaflet/leaflet"]'
      ).href.replace(/leaflet(\.[0-9a-f]+)?\.css$/, "images/");
    }
    document.querySelectorAll("[data-centre-map]").forEach(show);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
