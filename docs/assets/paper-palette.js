// The reader's chosen palette, applied before the page is painted, from a
// cached file instead of an inline script on every page. Material keeps the
// choice in localStorage (read through its __md_get helper, defined in the
// page's head) and its palette switch writes it.
(function () {
  "use strict";
  var saved = __md_get("__palette");
  if (!saved || !saved.color) return;
  var color = saved.color;
  if (color.media === "(prefers-color-scheme)") {
    // "Follow the system": take the palette option that matches it now.
    var light = matchMedia("(prefers-color-scheme: light)").matches;
    var option = document.querySelector(
      "[data-md-color-media='(prefers-color-scheme: " + (light ? "light" : "dark") + ")']"
    );
    if (option) {
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        color[key] = option.getAttribute("data-md-color-" + key);
      });
    }
  }
  Object.keys(color).forEach(function (key) {
    document.body.setAttribute("data-md-color-" + key, color[key]);
  });
})();
