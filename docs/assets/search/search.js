/* The bulletin's search box, on Pagefind's JavaScript API (site/pagefind/, written at build time).
 *
 * What it adds to Pagefind:
 *  - Vietnamese typed with or without marks finds the same articles. Pagefind folds tone and
 *    vowel marks itself; đ/Đ is folded here (in the query) and at build time (a hidden "fold"
 *    field of each page holds its đ-words as d-words: hooks/bulletin/search_index.py).
 *  - Exact matches first: a query typed with marks is first run with exact marks (Pagefind's
 *    exactDiacritics); the pages it finds come first. Then, ranked together by Pagefind's score,
 *    the pages found by the folded query and by the query with its abbreviations expanded (or
 *    full forms abbreviated), from the groups of equivalent phrases in pagefind/terms.<lang>.json
 *    (hooks/bulletin/search_terms.py).
 *  - Filters by unit, topic and year, with the choices from terms.<lang>.json.
 *  - Results with title, date, unit and a snippet with the matched words marked.
 * Nothing is loaded before the reader uses the box; nothing is loaded from another site.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-bl-search]");
  if (!root || !window.Promise || !("normalize" in String.prototype)) return;

  var PAGE_SIZE = 10;
  var SNIPPET_WORDS = 30;
  var MAX_ALTERNATIVES = 8;
  var MAX_MISSES = 20;

  var $ = function (selector) { return root.querySelector(selector); };
  var input = $(".bl-search__input");
  var output = $(".bl-search__output");
  var statusLine = $(".bl-search__status");
  var alsoLine = $(".bl-search__also");
  var list = $(".bl-search__results");
  var moreButton = $(".bl-search__more");
  var openButton = $(".bl-search__open");
  var closeButton = $(".bl-search__close");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var absolute = function (url) { return new URL(url, document.baseURI).href; };
  var text = function (key, values) {
    var s = root.getAttribute("data-t-" + key) || "";
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  };

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

  // -- loading ----------------------------------------------------------------------------------
  var pagefindPromise = null;
  var termsPromise = null;

  function pagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(absolute(root.getAttribute("data-bundle")) + "pagefind.js").then(function (pf) {
        return pf.options({ excerptLength: SNIPPET_WORDS }).then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
      pagefindPromise.catch(function () { pagefindPromise = null; });
    }
    return pagefindPromise;
  }

  function terms() {
    if (!termsPromise) {
      termsPromise = fetch(absolute(root.getAttribute("data-terms")))
        .then(function (r) { if (!r.ok) throw new Error(r.status + " " + r.url); return r.json(); })
        .then(function (data) {
          data.table = synonymTable(data.groups || []);
          fillFilters(data.filters || {});
          return data;
        });
      termsPromise.catch(function () { termsPromise = null; });
    }
    return termsPromise;
  }

  function fillFilters(filters) {
    selects.forEach(function (select) {
      if (select.options.length > 1) return;
      (filters[select.getAttribute("data-filter")] || []).forEach(function (row) {
        var option = document.createElement("option");
        option.value = row.value;
        option.textContent = "\u00a0\u00a0".repeat(row.depth || 0) + row.value + " (" + row.count + ")";
        select.appendChild(option);
      });
    });
  }

  function warmUp() {
    pagefind().catch(function () {});
    terms().catch(function () {});
  }

  // -- searching --------------------------------------------------------------------------------
  var current = 0;            // number of the latest search; an older one stops where it is
  var queue = Promise.resolve();
  var state = null;           // the latest search: its results, how far they were checked, …

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.getAttribute("data-filter")] = s.value; });
    return filters;
  }

  function schedule() {
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
    return Promise.all([pagefind(), terms()]).then(function (loaded) {
      var pf = loaded[0];
      var table = loaded[1].table;
      var passes = [];
      var alts = [];
      if (!query) {
        passes.push({ tier: 1, term: null, exact: false, sort: { date: "desc" } });
      } else {
        if (hasMarks(query)) passes.push({ tier: 0, term: query, exact: true });
        passes.push({ tier: 1, term: fold(query), exact: false });
        alts = alternatives(query, table);
        alts.forEach(function (a) { passes.push({ tier: 1, term: a.query, exact: false }); });
      }
      // Tier 0: the words as typed, marks included. Tier 1: folded, with the alternatives; a
      // page found by several passes of a tier keeps its best score. Tier 0 comes first.
      var tiers = [new Map(), new Map()];
      var step = function (k) {
        if (mine !== current) return null;
        if (k === passes.length) {
          var seen = new Set();
          var merged = [];
          tiers.forEach(function (found) {
            Array.from(found.values())
              .sort(function (a, b) { return b.score - a.score || a.order - b.order; })
              .forEach(function (x) { if (!seen.has(x.r.id)) { seen.add(x.r.id); merged.push(x.r); } });
          });
          return merged;
        }
        var p = passes[k];
        return pf.options({ exactDiacritics: p.exact })
          .then(function () { return pf.search(p.term, p.sort ? { filters: filters, sort: p.sort } : { filters: filters }); })
          .then(function (response) {
            var found = tiers[p.tier];
            (response ? response.results : []).forEach(function (r, i) {
              var score = p.sort ? -i : r.score;
              var had = found.get(r.id);
              if (!had) found.set(r.id, { r: r, score: score, order: found.size });
              else if (score > had.score) had.score = score;
            });
            return step(k + 1);
          });
      };
      return Promise.resolve(step(0)).then(function (results) {
        if (results === null || mine !== current) return null;
        var needed = query ? [norm(query).split(" ")].concat(alts.map(function (a) { return a.query.split(" "); })) : null;
        state = { results: results, checked: 0, dropped: 0, needed: needed, marker: marker(query, alts), query: query };
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

  /* Show the next PAGE_SIZE results that really contain the query. Pagefind, finding no word for
     a query word, backs off to shorter ones ('radar' finds 'rà'): such pages are dropped here, and
     once MAX_MISSES of them come in a row, the rest of the list (ranked lower still) with them. */
  function showMore(mine) {
    var added = 0;
    var misses = 0;
    var next = function () {
      if (mine !== current) return null;
      var batch = state.results.slice(state.checked, state.checked + PAGE_SIZE - added);
      if (!batch.length || added >= PAGE_SIZE) return finish();
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
        if (mine !== current) return null;
        pages.forEach(function (page) {
          state.checked += 1;
          if (!state.needed || relevant(page, state.needed)) {
            list.appendChild(resultItem(page, state.marker));
            added += 1;
            misses = 0;
          } else {
            state.dropped += 1;
            misses += 1;
          }
        });
        if (misses >= MAX_MISSES) {
          state.results = state.results.slice(0, state.checked);
          return finish();
        }
        return next();
      });
    };
    var finish = function () {
      var n = state.results.length - state.dropped;
      statusLine.textContent = n === 0 ? text("none") : n === 1 ? text("one", { n: 1 }) : text("other", { n: n });
      moreButton.hidden = state.checked >= state.results.length;
      root.setAttribute("data-query", state.query);
      root.setAttribute("data-state", "done");
      return null;
    };
    return next();
  }

  /* Does the page hold every word of the query, or of one of its alternatives (folded; the last
     word may be the start of a word; a longer word may end differently, as English stems do)? */
  function relevant(page, needed) {
    var meta = page.meta || {};
    var have = words([meta.title, page.content, meta.fold, meta.unit, meta.units, meta.topics].join(" ")).map(fold);
    var contains = function (token, last) {
      var stem = token.length > 4 ? token.slice(0, -2) : token;
      return have.some(function (w) {
        return w === token || (last && w.indexOf(token) === 0) || (stem !== token && w.indexOf(stem) === 0);
      });
    };
    return needed.some(function (tokens) {
      return tokens.every(function (t, i) { return contains(t, i === tokens.length - 1); });
    });
  }

  // -- results ----------------------------------------------------------------------------------
  /* Which words to mark: the query's words with their marks when the page has them, else folded
     (so 'Đảng' marks 'Đảng', and marks 'đang' only in a page that found it folded), and the words
     of the expanded alternatives. The last word typed also marks words it begins. */
  function marker(query, alts) {
    var exact = words(query).map(function (w) { return w.toLowerCase(); });
    var folded = exact.map(fold);
    var extra = new Set();
    // Short words of an expansion ('da' of 'ĐA 06') would mark too much; numbers and longer words do.
    alts.forEach(function (a) {
      a.query.split(" ").forEach(function (w) { if (w.length >= 3 || /\d/.test(w)) extra.add(w); });
    });
    return { exact: exact, folded: folded, extra: extra, marks: hasMarks(query) };
  }

  function matcherFor(content, m) {
    var useExact = false;
    if (m.marks) {
      var present = new Set(words(content).map(function (w) { return w.toLowerCase(); }));
      useExact = m.exact.some(function (w) { return present.has(w); });
    }
    var typed = useExact ? m.exact : m.folded;
    var last = typed.length ? typed[typed.length - 1] : "";
    var whole = new Set(typed);
    return function (word) {
      var w = useExact ? word.toLowerCase() : fold(word);
      var f = fold(word);
      if (whole.has(w) || m.extra.has(f)) return true;
      return last.length >= 2 && w.indexOf(last) === 0;
    };
  }

  /* Append *s* to *parent* with the matched words in <mark>. */
  function appendMarked(parent, s, isMatch) {
    var at = 0;
    s.replace(WORD, function (word, offset) {
      if (isMatch(word)) {
        if (offset > at) parent.appendChild(document.createTextNode(s.slice(at, offset)));
        var mark = document.createElement("mark");
        mark.textContent = word;
        parent.appendChild(mark);
        at = offset + word.length;
      }
      return word;
    });
    if (at < s.length) parent.appendChild(document.createTextNode(s.slice(at)));
  }

  /* The densest window of SNIPPET_WORDS words of the page's text. */
  function snippet(content, isMatch) {
    var ws = content.split(/\s+/).filter(Boolean);
    var hits = ws.map(function (w) { return (w.match(WORD) || []).some(isMatch) ? 1 : 0; });
    var best = -1, bestAt = 0, sum = 0;
    for (var i = 0; i < ws.length; i++) {
      sum += hits[i];
      if (i >= SNIPPET_WORDS) sum -= hits[i - SNIPPET_WORDS];
      var start = Math.max(0, i - SNIPPET_WORDS + 1);
      if (sum > best) { best = sum; bestAt = start; }
    }
    var first = hits.indexOf(1, bestAt);
    if (first > bestAt + 3) bestAt = Math.min(first - 3, Math.max(0, ws.length - SNIPPET_WORDS));
    var end = Math.min(ws.length, bestAt + SNIPPET_WORDS);
    return (bestAt > 0 ? "… " : "") + ws.slice(bestAt, end).join(" ") + (end < ws.length ? " …" : "");
  }

  function resultItem(page, m) {
    var meta = page.meta || {};
    var content = page.content || "";
    var isMatch = matcherFor((meta.title || "") + " " + content, m);
    var li = document.createElement("li");
    li.className = "bl-search__item";
    var a = document.createElement("a");
    a.className = "bl-search__title";
    a.href = page.url;
    appendMarked(a, meta.title || page.url, isMatch);
    li.appendChild(a);
    var info = [meta.date, meta.unit].filter(Boolean).join(" · ");
    if (info) {
      var p = document.createElement("p");
      p.className = "bl-search__meta";
      p.textContent = info;
      li.appendChild(p);
    }
    var body = content.indexOf(meta.title || "\u0000") === 0 ? content.slice(meta.title.length) : content;
    var s = document.createElement("p");
    s.className = "bl-search__snippet";
    appendMarked(s, snippet(body, isMatch), isMatch);
    li.appendChild(s);
    return li;
  }

  // -- opening and closing ----------------------------------------------------------------------
  function showOutput(on) {
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
  selects.forEach(function (s) { s.addEventListener("change", schedule); });
  moreButton.addEventListener("click", function () {
    if (!state) return;
    var mine = current;
    queue = queue.then(function () { return mine === current ? showMore(mine) : null; });
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
