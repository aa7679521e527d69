// Render the math that pymdownx.arithmatex (generic mode) marked in a page:
// <span class="arithmatex">\(...\)</span> and <div class="arithmatex">\[...\]</div>.
// Only those elements are touched, so a "$" or "\(" elsewhere in listing text
// stays text. KaTeX builds DOM nodes and never runs markup from the TeX.
document$.subscribe(function () {
  document.querySelectorAll(".arithmatex").forEach(function (element) {
    var tex = element.textContent.trim();
    var display = tex.startsWith("\\[");
    tex = tex.replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
    katex.render(tex, element, { displayMode: display, throwOnError: false });
  });
});
