/* The bulletin's search box, on the site's own index (site/search/<lang>/, written at build time
 * by hooks/bulletin/search/index.py; the format is described there).
 *
 *  - Vietnamese typed with or without marks finds the same articles: words are compared folded
 *    (marks removed, đ -> d, lower case), in the index and in the query.
 *  - Exact matches first: a query typed with marks is first run on the words' exact forms; the
 *    articles it finds come first. Then, ranked together, the articles found by the folded query
 *    and by the query with its abbreviations expanded (or full forms abbreviated), from the groups
 *    of equivalent phrases in the index's manifest (hooks/bulletin/search/terms.py).
 *  - Every word of a query must be in an article (its title, text, unit or topics); the last word
 *    may be the start of a word. Ranking: BM25 (weights from the index, IDF here).
 *  - Filters by unit, topic and year; results with title, date, unit and a marked snippet.
 * Nothing is loaded before the reader uses the box, and then only the files a query needs: the
 * manifest, one small file per word typed (its first three letters), one per result shown.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-bl-search]");
  if (!root || !window.Promise || !("normalize" in String.prototype)) return;

  var PAGE_SIZE = 10;
  var SNIPPET_WORDS = 30;
  var MAX_ALTERNATIVES = 8;

  var $ = function (selector) { return root.querySelector(selector); };
  var input = $(".bl-search__input");
  var openButton = $(".bl-search__open");
  var closeButton = $(".bl-search__close");
  var absolute = function (url) { return new URL(url, document.baseURI).href; };
  // The page carries only the box (button, field, close button) and the two strings needed before
  // the index arrives (data-t-loading, data-t-error); the results area is built on first use
  // (makeOutput) and the filters and other strings come with the index's manifest (its "ui").
  var strings = {};
  var text = function (key, values) {
    var s = root.getAttribute("data-t-" + key) || strings[key] || "";
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  };

  // -- the results area, built on first use ------------------------------------------------------
  var output = null, statusLine = null, alsoLine = null, list = null, moreButton = null;
  var selects = [];

  function element(tag, className, attrs) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  /* Status line (a live region, there before anything is announced), results and "more". */
  function makeOutput() {
    if (output) return;
    output = element("div", "bl-search__output", { id: "bl-search-output" });
    output.hidden = true;
    statusLine = element("p", "bl-search__status", { role: "status", "aria-live": "polite" });
    alsoLine = element("p", "bl-search__also");
    alsoLine.hidden = true;
    list = element("ol", "bl-search__results");
    moreButton = element("button", "md-button bl-search__more", { type: "button" });
    moreButton.hidden = true;
    moreButton.addEventListener("click", function () {
      if (!state) return;
      var mine = current;
      queue = queue.then(function () { return mine === current ? showMore(mine) : null; });
    });
    [statusLine, alsoLine, list, moreButton].forEach(function (el) { output.appendChild(el); });
    $(".bl-search__panel").appendChild(output);
    input.setAttribute("aria-controls", output.id);
  }

  /* The filters (unit, topic, year) with their choices, and the strings of the manifest. */
  function makeFilters(m) {
    strings = m.ui || {};
    moreButton.textContent = text("more");
    if (selects.length) return;
    var fieldset = element("fieldset", "bl-search__filters");
    var legend = element("legend", "bl-visually-hidden");
    legend.textContent = text("filters");
    fieldset.appendChild(legend);
    ["unit", "topic", "year"].forEach(function (name) {
      var label = element("label");
      var caption = element("span");
      caption.textContent = text(name);
      var select = element("select", "", { "data-filter": name });
      var any = element("option", "", { value: "" });
      any.textContent = text("all_" + name);
      select.appendChild(any);
      ((m.filters || {})[name] || []).forEach(function (row) {
        var option = element("option", "", { value: row.id });
        option.textContent = "\u00a0\u00a0".repeat(row.depth || 0) + row.name + " (" + row.count + ")";
        select.appendChild(option);
      });
      select.addEventListener("change", schedule);
      label.appendChild(caption);
      label.appendChild(select);
      fieldset.appendChild(label);
      selects.push(select);
    });
    output.insertBefore(fieldset, statusLine);
  }

  // -- text -------------------------------------------------------------------------------------
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var WORD = /[\p{L}\p{N}]+/gu;

  /* 'Đảng ủy' -> 'dang uy', like bulletin.text.fold. */
  function fold(s) {
    return s.normalize("NFD").replace(MARKS, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function words(s) { return s.normalize("NFC").match(WORD) || []; }
  function norm(s) { return words(s).map(fold).join(" "); }
  function hasMarks(s) { var lower = s.normalize("NFC").toLowerCase(); return fold(lower) !== lower; }

  // -- abbreviations and full forms -------------------------------------------------------------
  function synonymTable(groups) {
    var map = new Map();
    var display = new Map();
    var longest = 1;
    groups.forEach(function (group) {
      var keys = group.map(norm);
      keys.forEach(function (key, i) {
        if (!key) return;
        if (!display.has(key)) display.set(key, group[i]);
        if (!map.has(key)) map.set(key, new Set());
        keys.forEach(function (other) { if (other && other !== key) map.get(key).add(other); });
        longest = Math.max(longest, key.split(" ").length);
      });
    });
    return { map: map, display: display, longest: longest };
  }

  /* The query with each known phrase replaced by its equivalents: fewest replacements first. */
  function alternatives(query, table) {
    var tokens = norm(query).split(" ").filter(Boolean);
    var spans = [];
    for (var i = 0; i < tokens.length;) {
      var hit = null;
      for (var len = Math.min(table.longest, tokens.length - i); len >= 1 && !hit; len--) {
        var key = tokens.slice(i, i + len).join(" ");
        if (table.map.has(key)) hit = { start: i, end: i + len, options: Array.from(table.map.get(key)) };
      }
      if (hit) { spans.push(hit); i = hit.end; } else { i += 1; }
    }
    var combos = [[]];
    spans.forEach(function (span) {
      var next = [];
      combos.forEach(function (c) {
        next.push(c.concat([null]));
        span.options.forEach(function (o) { next.push(c.concat([o])); });
      });
      combos = next.slice(0, 256);
    });
    var out = [];
    var seen = new Set([tokens.join(" ")]);
    combos
      .map(function (c) { return { c: c, n: c.filter(function (x) { return x !== null; }).length }; })
      .filter(function (x) { return x.n > 0; })
      .sort(function (a, b) { return a.n - b.n; })
      .forEach(function (x) {
        var parts = [];
        var used = [];
        var at = 0;
        spans.forEach(function (span, k) {
          parts.push.apply(parts, tokens.slice(at, span.start));
          if (x.c[k] === null) {
            parts.push.apply(parts, tokens.slice(span.start, span.end));
          } else {
            parts.push(x.c[k]);
            used.push(x.c[k]);
          }
          at = span.end;
        });
        parts.push.apply(parts, tokens.slice(at));
        var q = parts.join(" ");
        if (!seen.has(q) && out.length < MAX_ALTERNATIVES) {
          seen.add(q);
          out.push({ query: q, used: used });
        }
      });
    return out;
  }

  // -- the index --------------------------------------------------------------------------------
  var base = absolute(root.getAttribute("data-index"));
  var siteRoot = new URL("../../", base).href;
  var files = new Map();      // path -> Promise of parsed JSON
  var manifestPromise = null;

  function getJSON(path) {
    if (!files.has(path)) {
      var p = fetch(base + path).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(r.status + " " + r.url);
        return /\.gz$/.test(path) ? inflate(r) : r.json();
      });
      p.catch(function () { files.delete(path); });
      files.set(path, p);
    }
    return files.get(path);
  }

  /* A .gz file is gzip-compressed JSON; a server may already have inflated it (Content-Encoding). */
  function inflate(response) {
    return response.arrayBuffer().then(function (buf) {
      var bytes = new Uint8Array(buf);
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).text().then(JSON.parse);
    });
  }

  function manifest() {
    if (!manifestPromise) {
      manifestPromise = getJSON("index.json").then(function (m) {
        if (!m) throw new Error("no search index at " + base);
        m.table = synonymTable(m.groups || []);
        m.keySet = new Set(m.keys ? m.keys.split(" ") : []);
        makeOutput();
        makeFilters(m);
        return m;
      });
      manifestPromise.catch(function () { manifestPromise = null; });
    }
    return manifestPromise;
  }

  function fileKey(key) {
    if (/^[a-z0-9]+$/.test(key)) return key;
    return "x" + Array.from(new TextEncoder().encode(key)).map(function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  function shard(m, key) {
    return m.keySet.has(key) ? getJSON("t/" + fileKey(key) + ".gz") : Promise.resolve(null);
  }

  /* Postings [gap, weight, gap, weight …] -> calls back (doc id, weight). */
  function eachPosting(list, fn) {
    var id = -1;
    for (var i = 0; i < list.length; i += 2) { id += list[i]; fn(id, list[i + 1]); }
  }

  function idSet(list) {
    var out = new Set();
    var id = -1;
    for (var i = 0; i < list.length; i++) { id += list[i]; out.add(id); }
    return out;
  }

  /* The articles holding every word of *tokens* ([{folded, exact}]), with their scores.
     exact: compare the words' exact forms (marks and all) rather than their folded forms. */
  function lookup(m, tokens, exact) {
    return Promise.all(tokens.map(function (t) { return shard(m, t.folded.slice(0, 3)); })).then(function (shards) {
      var scores = null;
      tokens.forEach(function (t, i) {
        var found = new Map();
        var words = shards[i] || {};
        var prefix = i === tokens.length - 1 && t.folded.length >= 3;
        Object.keys(words).forEach(function (word) {
          if (!(word === t.folded || (prefix && word.indexOf(t.folded) === 0))) return;
          var variants = words[word];
          var docs = new Set();
          Object.keys(variants).forEach(function (v) { eachPosting(variants[v], function (id) { docs.add(id); }); });
          var idf = Math.log(1 + (m.docs - docs.size + 0.5) / (docs.size + 0.5));
          Object.keys(variants).forEach(function (v) {
            if (exact && !(v === t.exact || (prefix && v.indexOf(t.exact) === 0))) return;
            eachPosting(variants[v], function (id, w) {
              var s = idf * w / 100;
              if (!(found.get(id) >= s)) found.set(id, s);
            });
          });
        });
        if (scores === null) {
          scores = found;
        } else {
          var both = new Map();
          scores.forEach(function (s, id) { if (found.has(id)) both.set(id, s + found.get(id)); });
          scores = both;
        }
      });
      return scores || new Map();
    });
  }

  /* The articles of the chosen filter values (null: no filter chosen). */
  function filtered(filters) {
    var names = Object.keys(filters);
    if (!names.length) return Promise.resolve(null);
    return Promise.all(names.map(function (n) { return getJSON("f/" + n + "/" + filters[n] + ".gz"); }))
      .then(function (lists) {
        var sets = lists.map(function (l) { return idSet(l || []); });
        var out = sets[0];
        sets.slice(1).forEach(function (s2) { out = new Set(Array.from(out).filter(function (id) { return s2.has(id); })); });
        return out;
      });
  }

  function tokensOf(query) {
    return words(query).map(function (w) { return { folded: fold(w), exact: w.toLowerCase() }; });
  }

  function warmUp() {
    manifest().catch(function () {});
  }

  // -- searching --------------------------------------------------------------------------------
  var current = 0;            // number of the latest search; an older one stops where it is
  var queue = Promise.resolve();
  var state = null;           // the latest search: its results (article ids), how many are shown, …

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.getAttribute("data-filter")] = s.value; });
    return filters;
  }

  function schedule() {
    makeOutput();
    var mine = ++current;
    queue = queue.then(function () { return mine === current ? run(mine) : null; })
      .catch(function (error) {
        if (mine !== current) return;
        state = null;
        list.textContent = "";
        moreButton.hidden = true;
        alsoLine.hidden = true;
        statusLine.textContent = text("error");
        if (window.console) console.error("search:", error);
      });
  }

  function run(mine) {
    var query = input.value.normalize("NFC").trim();
    var filters = chosenFilters();
    if (!query && !Object.keys(filters).length) {
      state = null;
      list.textContent = "";
      statusLine.textContent = "";
      alsoLine.hidden = true;
      moreButton.hidden = true;
      root.setAttribute("data-query", "");
      root.setAttribute("data-state", "idle");
      return null;
    }
    showOutput(true);
    root.setAttribute("data-state", "searching");
    statusLine.textContent = text("loading");
    return manifest().then(function (m) {
      var table = m.table;
      var passes = [];
      var alts = [];
      if (query) {
        if (hasMarks(query)) passes.push({ tier: 0, tokens: tokensOf(query), exact: true });
        passes.push({ tier: 1, tokens: tokensOf(query), exact: false });
        alts = alternatives(query, table);
        alts.forEach(function (a) { passes.push({ tier: 1, tokens: tokensOf(a.query), exact: false }); });
      }
      // Tier 0: the words as typed, marks included. Tier 1: folded, with the alternatives; an
      // article found by several passes of a tier keeps its best score. Tier 0 comes first; ties
      // go to the newer article (lower id).
      var tiers = [new Map(), new Map()];
      var step = function (k, allowed) {
        if (mine !== current) return null;
        if (k === passes.length) {
          if (!query) {
            return Array.from(allowed).sort(function (a, b) { return a - b; });
          }
          var seen = new Set();
          var merged = [];
          tiers.forEach(function (found) {
            Array.from(found.entries())
              .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; })
              .forEach(function (e) { if (!seen.has(e[0])) { seen.add(e[0]); merged.push(e[0]); } });
          });
          return merged;
        }
        var p = passes[k];
        return lookup(m, p.tokens, p.exact).then(function (scores) {
          var found = tiers[p.tier];
          scores.forEach(function (s, id) {
            if (allowed && !allowed.has(id)) return;
            if (!(found.get(id) >= s)) found.set(id, s);
          });
          return step(k + 1, allowed);
        });
      };
      return filtered(filters).then(function (allowed) { return step(0, allowed); })
        .then(function (results) {
        if (results === null || mine !== current) return null;
        state = { results: results, shown: 0, marker: marker(query, alts), query: query };
        list.textContent = "";
        var also = [];
        alts.forEach(function (a) {
          a.used.forEach(function (u) {
            var shown = table.display.get(u) || u;
            if (also.indexOf(shown) < 0) also.push(shown);
          });
        });
        alsoLine.hidden = also.length === 0;
        alsoLine.textContent = also.length ? text("also", { terms: also.join(", ") }) : "";
        return showMore(mine);
      });
    });
  }

  /* Show the next PAGE_SIZE results. */
  function showMore(mine) {
    var batch = state.results.slice(state.shown, state.shown + PAGE_SIZE);
    return Promise.all(batch.map(function (id) { return getJSON("d/" + id + ".gz"); })).then(function (docs) {
      if (mine !== current) return null;
      docs.forEach(function (doc) { if (doc) list.appendChild(resultItem(doc, state.marker)); });
      state.shown += batch.length;
      var n = state.results.length;
      statusLine.textContent = n === 0 ? text("none") : n === 1 ? text("one", { n: 1 }) : text("other", { n: n });
      moreButton.hidden = state.shown >= n;
      root.setAttribute("data-query", state.query);
      root.setAttribute("data-state", "done");
      return null;
    });
  }

  // -- results ----------------------------------------------------------------------------------
  /* Which words to mark: the query's words with their marks when the text has them, else folded
     (so 'Đảng' marks 'Đảng', and marks 'đang' only in an article found by its folded form); the
     last word typed also marks words it begins. An expansion marks its words where they stand
     together ('chuyển đổi số' for 'CĐS'), or alone when it is one word ('CĐS' for 'chuyen doi so'). */
  function marker(query, alts) {
    var exact = words(query).map(function (w) { return w.toLowerCase(); });
    var single = new Set();
    var phrases = [];
    alts.forEach(function (a) {
      a.used.forEach(function (u) {
        var tokens = u.split(" ");
        if (tokens.length === 1) single.add(u); else phrases.push(tokens);
      });
    });
    return { exact: exact, folded: exact.map(fold), single: single, phrases: phrases, marks: hasMarks(query) };
  }

  /* -> function(list of words) -> list of booleans: which of them to mark in *content*. */
  function matcherFor(content, m) {
    var useExact = false;
    if (m.marks) {
      var present = new Set(words(content).map(function (w) { return w.toLowerCase(); }));
      useExact = m.exact.some(function (w) { return present.has(w); });
    }
    var typed = useExact ? m.exact : m.folded;
    var last = typed.length ? typed[typed.length - 1] : "";
    var whole = new Set(typed);
    return function (ws) {
      var folded = ws.map(fold);
      var flags = ws.map(function (word, i) {
        var w = useExact ? word.toLowerCase() : folded[i];
        return whole.has(w) || m.single.has(folded[i]) || (last.length >= 2 && w.indexOf(last) === 0);
      });
      m.phrases.forEach(function (p) {
        for (var i = 0; i + p.length <= ws.length; i++) {
          var k = 0;
          while (k < p.length && folded[i + k] === p[k]) k++;
          if (k === p.length) for (k = 0; k < p.length; k++) flags[i + k] = true;
        }
      });
      return flags;
    };
  }

  function tokens(s) {
    var out = [];
    s.replace(WORD, function (word, offset) { out.push({ word: word, at: offset }); return word; });
    return out;
  }

  /* Append *s* to *parent* with the matched words in <mark>. */
  function appendMarked(parent, s, flagsOf) {
    var ts = tokens(s);
    var flags = flagsOf(ts.map(function (t) { return t.word; }));
    var at = 0;
    ts.forEach(function (t, i) {
      if (!flags[i]) return;
      if (t.at > at) parent.appendChild(document.createTextNode(s.slice(at, t.at)));
      var mark = document.createElement("mark");
      mark.textContent = t.word;
      parent.appendChild(mark);
      at = t.at + t.word.length;
    });
    if (at < s.length) parent.appendChild(document.createTextNode(s.slice(at)));
  }

  /* The densest window of SNIPPET_WORDS words of the article's text. */
  function snippet(content, flagsOf) {
    var ts = tokens(content);
    if (!ts.length) return "";
    var hits = flagsOf(ts.map(function (t) { return t.word; })).map(Number);
    var best = -1, bestAt = 0, sum = 0;
    for (var i = 0; i < ts.length; i++) {
      sum += hits[i];
      if (i >= SNIPPET_WORDS) sum -= hits[i - SNIPPET_WORDS];
      if (sum > best) { best = sum; bestAt = Math.max(0, i - SNIPPET_WORDS + 1); }
    }
    var first = hits.indexOf(1, bestAt);
    if (first > bestAt + 3) bestAt = Math.min(first - 3, Math.max(0, ts.length - SNIPPET_WORDS));
    var end = Math.min(ts.length, bestAt + SNIPPET_WORDS);
    var from = bestAt === 0 ? 0 : ts[bestAt].at;
    var to = end === ts.length ? content.length : ts[end - 1].at + ts[end - 1].word.length;
    return (bestAt > 0 ? "… " : "") + content.slice(from, to).trim() + (end < ts.length ? " …" : "");
  }

  function resultItem(doc, m) {
    var isMatch = matcherFor(doc.t + " " + doc.x, m);
    var li = document.createElement("li");
    li.className = "bl-search__item";
    var a = document.createElement("a");
    a.className = "bl-search__title";
    a.href = new URL(doc.u, siteRoot).href;
    appendMarked(a, doc.t, isMatch);
    li.appendChild(a);
    var p = document.createElement("p");
    p.className = "bl-search__meta";
    p.textContent = [doc.d, doc.n].filter(Boolean).join(" · ");
    li.appendChild(p);
    var s = document.createElement("p");
    s.className = "bl-search__snippet";
    appendMarked(s, snippet(doc.x, isMatch), isMatch);
    li.appendChild(s);
    return li;
  }

  // -- opening and closing ----------------------------------------------------------------------
  function showOutput(on) {
    if (on) makeOutput(); else if (!output) return;
    output.hidden = !on;
    root.classList.toggle("bl-search--active", on);
  }
  function open() {
    root.classList.add("bl-search--open");
    openButton.setAttribute("aria-expanded", "true");
    warmUp();
    input.focus();
    showOutput(true);
  }
  function close() {
    root.classList.remove("bl-search--open");
    openButton.setAttribute("aria-expanded", "false");
    showOutput(false);
  }

  var timer = 0;
  input.addEventListener("input", function () {
    root.setAttribute("data-state", "pending");
    clearTimeout(timer);
    timer = setTimeout(schedule, 120);
  });
  input.addEventListener("focus", function () {
    warmUp();
    showOutput(true);
  });
  root.querySelector("form").addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    schedule();
  });
  openButton.addEventListener("click", open);
  closeButton.addEventListener("click", function () { close(); openButton.focus(); });
  root.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      close();
      if (getComputedStyle(openButton).display !== "none") openButton.focus(); else input.blur();
    }
  });
  document.addEventListener("click", function (e) {
    if (!root.contains(e.target) && !root.classList.contains("bl-search--open")) showOutput(false);
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      if (getComputedStyle(openButton).display !== "none") open(); else input.focus();
    }
  });
})();
