"""The header's JavaScript-only controls, written once as a script instead of
into every page.

The palette switch and the search box work only with JavaScript, yet their
markup (2.4 KB) would be in each page's header: 120 MB of a 50,000-paper
site. The theme's partial ``partials/header-controls.html`` is rendered here
once per build into ``assets/paper-header.js``; each page's header loads that
script (cached after the first page), which writes the markup in where it
stands, before the theme's script starts. The script also re-labels the
feed's ``<link rel="alternate">`` before the theme reads it (see
overrides/main.html).
"""

from __future__ import annotations

import json
from typing import Any

HEADER_SCRIPT = "assets/paper-header.js"
CONTROLS_TEMPLATE = "partials/header-controls.html"
# Stands for the site's root in the rendered markup; the script puts in the
# real one, worked out from its own URL.
ROOT_MARK = "@paper-site-root@"

_SCRIPT = """\
// Written by the paper-site plugin from overrides/{template}: the header's
// palette switch and search box, into the header of the page that loads this.
(function () {{
  "use strict";
  var script = document.currentScript;
  var root = script.src.slice(0, -"{path}".length - 1);
  script.insertAdjacentHTML("beforebegin", {markup}.split("{mark}").join(root));
  // Material fetches sitemap.xml beside every link[rel=alternate] (language
  // versions), on every page: the whole catalog. Feed readers read the HTML
  // as served; "alternate feed" is the same relation to them, and the
  // theme's exact-match selector skips it.
  document.querySelectorAll('link[rel=alternate][type="application/atom+xml"]')
    .forEach(function (link) {{ link.rel = "alternate feed"; }});
}})();
"""


def header_script(env: Any, config: Any) -> str:
    """The script, from the theme's Jinja environment and the MkDocs config."""
    template = env.get_template(CONTROLS_TEMPLATE)
    markup = " ".join(template.render(config=config, page=None, base_url=ROOT_MARK).split())
    # json.dumps gives a JavaScript string literal; "</" is escaped so the
    # markup could never end a <script> element it is pasted into.
    literal = json.dumps(markup).replace("</", "<\\/")
    return _SCRIPT.format(
        template=CONTROLS_TEMPLATE, path=HEADER_SCRIPT, markup=literal, mark=ROOT_MARK
    )
