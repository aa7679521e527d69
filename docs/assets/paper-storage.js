// Material for MkDocs' storage helpers, which its bundle expects as globals:
// values are kept in localStorage under keys prefixed with the site's path,
// so sites on one host do not share them. The theme prints these inline in
// every page's head; this site loads them from here (see
// overrides/partials/javascripts/base.html). The scope is mkdocs.yml's
// `extra.scope` when set (data-scope), else the site's root, worked out from
// this file's own URL (it sits in assets/).
(function () {
  "use strict";
  var script = document.currentScript;
  var scope = script.dataset.scope
    ? new URL(script.dataset.scope, location)
    : new URL("..", script.src);

  function hash(text) {
    var value = 0;
    for (var character of text) {
      value = (value << 5) - value + character.charCodeAt(0);
    }
    return value;
  }

  function get(key, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  }

  function set(key, value, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (error) {
      // Storage full or blocked: the choice is only not remembered.
    }
  }

  window.__md_scope = scope;
  window.__md_hash = hash;
  window.__md_get = get;
  window.__md_set = set;
})();
