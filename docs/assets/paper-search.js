// Paper search over the static index in search/ (written by generator/search_index.py).
//
// Nothing is fetched until the reader searches: then the manifest (a few KB),
// the term shards the query's words fall in, and one small JSON file per result
// shown. Everything from the index is put on the page as text (textContent,
// never innerHTML), so listing text cannot inject markup.
(function () {
  "use strict";

  var root = document.querySelector("[data-paper-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var input = root.querySelector(".md-search__input");
  var base = new URL(root.getAttribute("data-base") + "/", location.href);
  var PAGE = 10;
  var EXCERPT_WORDS = 36;
  var PREFIX_FACTOR = 0.8; // a word that only starts with the query word counts less
  var wordPattern = /[\p{L}\p{N}]+/gu;

  // The results region, built here rather than sent with every page: the
  // topic and year filters, a live count, the list and a "More results" button.
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function filter(label, kind, all) {
    var wrapper = element("label", "", label + " ");
    var select = element("select");
    select.setAttribute("data-filter", kind);
    var option = element("option", "", all);
    option.value = "";
    select.append(option);
    wrapper.append(select);
    return [wrapper, select];
  }

  var output = root.querySelector(".md-search__output");
  var scrollwrap = element("div", "md-search__scrollwrap");
  var filters = element("div", "paper-search__filters");
  var topicPart = filter("Topic", "topic", "All topics");
  var yearPart = filter("Year", "year", "All years");
  var topicFilter = topicPart[1], yearFilter = yearPart[1];
  filters.append(topicPart[0], yearPart[0]);
  var results = element("div", "md-search-result");
  results.id = "paper-search-results";
  var meta = element("div", "md-search-result__meta", "Type to search titles, authors, arXiv ids and abstracts");
  meta.setAttribute("aria-live", "polite");
  var list = element("ol", "md-search-result__list");
  list.setAttribute("aria-label", "Search results");
  var more = element("button", "paper-search__more md-button", "More results");
  more.type = "button";
  more.hidden = true;
  results.append(meta, list, more);
  scrollwrap.append(filters, results);
  output.append(scrollwrap);

  // ----------------------------------------------------------------- words
  // The same rules as generator/search_index.py: fold case and accents,
  // drop stop words, fold plurals.
  function fold(text) {
    text = text.toLowerCase();
    return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function normalise(word) {
    if (word.length > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y";
    if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
    return word;
  }

  function tokens(text, stop) {
    var found = [];
    var words = fold(text).match(wordPattern) || [];
    for (var i = 0; i < words.length; i++) {
      if (!stop.has(words[i])) found.push(normalise(words[i]));
    }
    return found;
  }

  // ----------------------------------------------------------------- index
  var manifest = null;
  var stopWords = new Set();
  var cache = new Map(); // url -> promise

  function load(path, kind) {
    if (!cache.has(path)) {
      var request = fetch(new URL(path, base)).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        if (kind === "json") return response.json();
        return kind === "text" ? response.text() : response.arrayBuffer();
      });
      request.catch(function () { cache.delete(path); });
      cache.set(path, request);
    }
    return cache.get(path);
  }

  function ready() {
    return load("search/manifest.json", "json").then(function (data) {
      if (!manifest) {
        manifest = data;
        stopWords = new Set(data.stop);
        fillFilters();
      }
      return manifest;
    });
  }

  function Reader(buffer) {
    this.bytes = new Uint8Array(buffer);
    this.at = 0;
  }
  Reader.prototype.varint = function () {
    var value = 0, shift = 0, byte;
    do {
      byte = this.bytes[this.at++];
      value += (byte & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  Reader.prototype.ids = function (count) {
    var ids = new Uint32Array(count), previous = 0;
    for (var i = 0; i < count; i++) {
      previous = i === 0 ? this.varint() : previous + this.varint();
      ids[i] = previous;
    }
    return ids;
  };

  var decoder = new TextDecoder();
  function decodeShard(buffer) {
    var reader = new Reader(buffer), terms = new Map(), count = reader.varint();
    for (var t = 0; t < count; t++) {
      var length = reader.varint();
      var term = decoder.decode(reader.bytes.subarray(reader.at, reader.at + length));
      reader.at += length;
      var stored = reader.varint();
      var df = reader.varint();
      var idf = reader.varint() / 16;
      var ids = reader.ids(stored);
      var impacts = reader.bytes.subarray(reader.at, reader.at + stored);
      reader.at += stored;
      // A word in very many papers keeps only its best ones: it cannot narrow.
      terms.set(term, { idf: idf, ids: ids, impacts: impacts, partial: stored < df });
    }
    return terms;
  }

  var shards = new Map();
  function shard(number) {
    if (!shards.has(number)) {
      shards.set(number, load("search/terms/" + number + ".bin").then(decodeShard));
    }
    return shards.get(number);
  }

  // The shard that holds `term`: the last one whose first term is not after it.
  function shardOf(term) {
    var starts = manifest.shards, low = 0, high = starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (starts[middle] <= term) low = middle; else high = middle - 1;
    }
    return low;
  }

  // Scores of one query word: {scores: Map doc -> score, partial}. The word
  // being typed also matches the longer words it starts (at most 60), all
  // weighed with the idf of the commonest of them: "lea" is most likely
  // "learning", not "learngene". `partial` when the index kept only the best
  // papers of a word (see generator/search_index.py).
  function postings(word, prefix) {
    var first = shardOf(word);
    var last = prefix ? shardOf(word + "\uffff") : first;
    var wanted = [];
    for (var n = first; n <= last; n++) wanted.push(shard(n));
    return Promise.all(wanted).then(function (loaded) {
      var found = [];
      loaded.forEach(function (terms) {
        terms.forEach(function (entry, term) {
          if (term === word) found.push([entry, 1]);
          else if (prefix && term.startsWith(word) && found.length < 60) found.push([entry, PREFIX_FACTOR]);
        });
      });
      var idf = Math.min.apply(null, found.map(function (f) { return f[0].idf; }));
      var scores = new Map(), partial = false;
      found.forEach(function (f) {
        var entry = f[0], weight = f[1] * idf;
        partial = partial || entry.partial;
        for (var i = 0; i < entry.ids.length; i++) {
          var score = entry.impacts[i] * weight, doc = entry.ids[i];
          if (!(scores.get(doc) >= score)) scores.set(doc, score);
        }
      });
      return { scores: scores, partial: partial };
    });
  }

  function filterSet(kind, value) {
    if (!value) return Promise.resolve(null);
    return load("search/filters/" + kind + "-" + value + ".bin").then(function (buffer) {
      var reader = new Reader(buffer);
      return new Set(reader.ids(reader.varint()));
    });
  }

  // Every paper holding all the words (and passing the filters), best first;
  // papers are numbered newest first, which breaks ties.
  function search(text) {
    return ready().then(function () {
      var words = tokens(text, stopWords);
      var typing = words.length && !/\s$/.test(text) && words[words.length - 1].length >= 3;
      var lists = words.map(function (word, i) {
        return postings(word, typing && i === words.length - 1);
      });
      var filters = [filterSet("topic", topicFilter.value), filterSet("year", yearFilter.value)];
      return Promise.all([Promise.all(lists), Promise.all(filters)]).then(function (found) {
        var ranked = rank(found[0], found[1]);
        return { words: words, typing: typing, hits: ranked.hits, best: ranked.best };
      });
    });
  }

  // Papers holding every word whose list is whole, scored with all words; a
  // partial list (a very common word) only adds to the score. When every
  // word is partial, the papers in all their lists: `best`, the best matches
  // rather than all of them.
  function rank(lists, filters) {
    filters = filters.filter(Boolean);
    var passes = function (doc) { return filters.every(function (set) { return set.has(doc); }); };
    var hits = [];
    if (!lists.length) {
      if (filters.length) filters[0].forEach(function (doc) { if (passes(doc)) hits.push([doc, 0]); });
      return { hits: hits.sort(function (a, b) { return a[0] - b[0]; }), best: false };
    }
    var whole = lists.filter(function (l) { return !l.partial; });
    var required = (whole.length ? whole : lists).map(function (l) { return l.scores; });
    var optional = whole.length ? lists.filter(function (l) { return l.partial; }) : [];
    required.sort(function (a, b) { return a.size - b.size; });
    required[0].forEach(function (score, doc) {
      for (var i = 1; i < required.length; i++) {
        var other = required[i].get(doc);
        if (other === undefined) return;
        score += other;
      }
      optional.forEach(function (l) { score += l.scores.get(doc) || 0; });
      if (passes(doc)) hits.push([doc, score]);
    });
    hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return { hits: hits, best: !whole.length };
  }

  function paper(doc) {
    return load("search/docs/" + Math.floor(doc / manifest.folder) + "/" + doc + ".json", "json");
  }

  // The abstract, from the paper's own page (its .paper-abstract element):
  // the index does not hold a second copy of every abstract.
  var parser = new DOMParser();
  function abstractOf(record) {
    return load(record.u, "text").then(function (text) {
      var found = parser.parseFromString(text, "text/html").querySelector(".paper-abstract");
      return found ? found.textContent.replace(/\\[()]/g, "$") : "";
    }, function () { return ""; });
  }

  // ------------------------------------------------------------- rendering
  function matches(word, query) {
    var term = normalise(word);
    for (var i = 0; i < query.words.length; i++) {
      var q = query.words[i];
      if (term === q || (query.typing && i === query.words.length - 1 && term.startsWith(q))) {
        return true;
      }
    }
    return false;
  }

  // `text` into `element`, the query's words marked.
  function highlight(element, text, query) {
    var last = 0, match;
    wordPattern.lastIndex = 0;
    while ((match = wordPattern.exec(text))) {
      var word = fold(match[0]);
      if (stopWords.has(word) || !matches(word, query)) continue;
      element.append(text.slice(last, match.index));
      var mark = document.createElement("mark");
      mark.textContent = match[0];
      element.append(mark);
      last = match.index + match[0].length;
    }
    element.append(text.slice(last));
  }

  // The stretch of the abstract with most of the query's words.
  function excerpt(text, query) {
    var spans = [], match;
    wordPattern.lastIndex = 0;
    while ((match = wordPattern.exec(text))) spans.push([match.index, match[0]]);
    if (spans.length <= EXCERPT_WORDS) return text;
    var best = 0, bestCount = -1;
    for (var start = 0; start < spans.length; start += 4) {
      var count = 0;
      for (var i = start; i < Math.min(spans.length, start + EXCERPT_WORDS); i++) {
        if (matches(fold(spans[i][1]), query)) count += 1;
      }
      if (count > bestCount) { best = start; bestCount = count; }
    }
    best = Math.max(0, Math.min(best - 4, spans.length - EXCERPT_WORDS));
    var end = best + EXCERPT_WORDS;
    var from = spans[best][0];
    var to = end < spans.length ? spans[end][0] : text.length;
    return (best > 0 ? "… " : "") + text.slice(from, to).trim() + (end < spans.length ? " …" : "");
  }

  function resultItem(record, query) {
    var item = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = new URL(record.u, base).href;
    var article = element("article", "md-search-result__article md-typeset");
    var title = element("div", "paper-search__title");
    highlight(title, record.t, query);
    article.append(title);
    var facts = [record.d, record.a].filter(Boolean).join(" · ");
    if (facts) article.append(element("p", "paper-search__facts", facts));
    var text = element("p", "paper-search__excerpt");
    article.append(text);
    excerpts.set(text, { record: record, query: query });
    if (record.k.length) {
      var tags = element("p", "paper-search__topics");
      record.k.forEach(function (number) {
        tags.append(element("span", "md-tag", manifest.topics[number][1]));
      });
      article.append(tags);
    }
    link.append(article);
    item.append(link);
    return item;
  }

  // Excerpts come from the papers' pages, so they load only for results on
  // screen once the reader stops typing: not for every word half typed.
  var SETTLE_MS = 250;
  var excerpts = new Map(); // excerpt element -> {record, query}, not yet filled
  var watcher = null;

  function fillExcerpt(text) {
    var wanted = excerpts.get(text);
    if (!wanted) return;
    excerpts.delete(text);
    abstractOf(wanted.record).then(function (abstract) {
      if (abstract) highlight(text, excerpt(abstract, wanted.query), wanted.query);
    });
  }

  function watchExcerpts(run) {
    setTimeout(function () {
      if (run !== current.run) return;
      if (!("IntersectionObserver" in window)) {
        excerpts.forEach(function (_, text) { fillExcerpt(text); });
        return;
      }
      if (watcher) watcher.disconnect();
      watcher = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            watcher.unobserve(entry.target);
            fillExcerpt(entry.target);
          }
        });
      }, { root: scrollwrap, rootMargin: "100px" });
      excerpts.forEach(function (_, text) { watcher.observe(text); });
    }, SETTLE_MS);
  }

  var current = { run: 0, hits: [], shown: 0, query: null };

  function showMore() {
    var run = current.run, from = current.shown;
    var batch = current.hits.slice(from, from + PAGE);
    current.shown += batch.length;
    more.hidden = current.shown >= current.hits.length;
    return Promise.all(batch.map(function (hit) { return paper(hit[0]); })).then(function (records) {
      if (run !== current.run) return;
      records.forEach(function (record) { list.append(resultItem(record, current.query)); });
      watchExcerpts(run);
    });
  }

  function say(text) {
    meta.textContent = text;
  }

  function update() {
    var text = input.value;
    var run = ++current.run;
    if (!text.trim() && !topicFilter.value && !yearFilter.value) {
      list.replaceChildren();
      excerpts.clear();
      more.hidden = true;
      say("Type to search titles, authors, arXiv ids and abstracts");
      return Promise.resolve();
    }
    return search(text).then(function (query) {
      if (run !== current.run) return;
      current.hits = query.hits;
      current.shown = 0;
      current.query = query;
      list.replaceChildren();
      excerpts.clear();
      var count = query.hits.length;
      if (query.best && count) say("The " + count + " best-matching papers (the words are in very many)");
      else say(count === 0 ? "No matching papers" : count === 1 ? "1 matching paper" : count + " matching papers");
      return showMore().then(function () {
        // For pages that embed the box, and for the browser benchmark.
        root.dispatchEvent(new CustomEvent("paper-search:results", {
          bubbles: true, detail: { query: text, count: count }
        }));
      });
    }).catch(function (error) {
      if (run === current.run) say("Search is not available: " + error.message);
    });
  }

  function fillFilters() {
    manifest.topics.forEach(function (topic, number) {
      var option = element("option", "", topic[1] + " (" + topic[2] + ")");
      option.value = topic[0];
      topicFilter.append(option);
    });
    manifest.years.forEach(function (year) {
      var option = element("option", "", year[0] + " (" + year[1] + ")");
      option.value = year[0];
      yearFilter.append(option);
    });
    yearFilter.disabled = manifest.years.length === 0;
  }

  // ---------------------------------------------------------- interaction
  function open() {
    if (!toggle.checked) toggle.checked = true;
    ready().catch(function (error) { say("Search is not available: " + error.message); });
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 40);
  });
  input.addEventListener("focus", open);
  topicFilter.addEventListener("change", update);
  yearFilter.addEventListener("change", update);
  more.addEventListener("click", function () {
    var focusAt = current.shown;
    showMore().then(function () {
      var next = links()[focusAt];
      if (next) next.focus();
    });
  });
  root.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
  });
  root.querySelector("form").addEventListener("reset", function () {
    setTimeout(function () { update(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus();
  });

  root.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      close();
    } else if (event.key === "Enter" && document.activeElement === input) {
      if (all.length) all[0].click();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (document.activeElement !== input && at < 0) return; // a filter's own arrows
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = at + step;
      if (next < 0) input.focus();
      else if (next < all.length) all[next].focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  // "/", "s" and "f" focus the search box, as in Material for MkDocs.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    if (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName)) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
      input.focus();
      input.select();
    }
  });

  // Tests and the benchmark compare the index's words with these.
  root.paperSearch = { tokens: function (text) { return ready().then(function () { return tokens(text, stopWords); }); } };
})();
