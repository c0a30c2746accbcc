/*
 * The bulletin's additions to Decap CMS (loaded after decap-cms.js and bulletin-cms-data.js).
 *
 * 1. The file format "bulletin-frontmatter": reads an article with js-yaml and writes it the way
 *    the bulletin's editors and `bulletin new` do — fields in the schema's order, lists and the
 *    source on one line, text quoted, empty optional fields left out (`bulletin check` rejects an
 *    empty value), an empty translation not written at all. A translation marked "checked against
 *    the original" gets `translated_from:` (the original's fingerprint, as the build computes it).
 * 2. The preview: the article page's markup and the site's own style sheets.
 *
 * Same-origin script: the admin page's Content-Security-Policy allows no inline script.
 */
(function () {
  'use strict';
  var D = window.BULLETIN_CMS;
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var jsyaml = window.jsyaml;
  if (!D || !CMS || !jsyaml) {
    throw new Error('bulletin-cms.js: load decap-cms.js, js-yaml and bulletin-cms-data.js first');
  }

  // --- text ---------------------------------------------------------------------------------
  var INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g;   // as bulletin.content.text.INVISIBLE

  function cleanText(text) {
    return String(text).replace(/\r\n?/g, '\n').replace(INVISIBLE, '').normalize('NFC');
  }

  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === 'string') return value.trim() === '';
    if (Array.isArray(value)) return value.every(isEmpty);
    if (typeof value === 'object') {
      return Object.keys(value).every(function (k) { return isEmpty(value[k]); });
    }
    return false;
  }

  function prune(value) {
    if (Array.isArray(value)) return value.filter(function (v) { return !isEmpty(v); }).map(prune);
    if (value && typeof value === 'object') {
      var out = {};
      Object.keys(value).forEach(function (k) { if (!isEmpty(value[k])) out[k] = prune(value[k]); });
      return out;
    }
    return value;
  }

  // --- SHA-256 (synchronous: Decap's format functions are) ----------------------------------------
  var K = [];
  (function () {
    var n = 2, found = 0;
    function frac(x) { return ((x - Math.floor(x)) * 4294967296) | 0; }
    while (found < 64) {
      var prime = true;
      for (var d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
      if (prime) K[found++] = frac(Math.pow(n, 1 / 3));
      n++;
    }
  })();

  function sha256Hex(text) {
    var bytes = new TextEncoder().encode(text);
    var len = bytes.length;
    var words = new Array(((len + 9 + 63) >> 6) << 4).fill(0);
    for (var i = 0; i < len; i++) words[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
    words[len >> 2] |= 0x80 << (24 - (len % 4) * 8);
    words[words.length - 1] = len * 8;
    words[words.length - 2] = Math.floor(len / 536870912);
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var W = new Array(64);
    function rot(x, n) { return (x >>> n) | (x << (32 - n)); }
    for (var j = 0; j < words.length; j += 16) {
      for (var t = 0; t < 64; t++) {
        if (t < 16) W[t] = words[j + t] | 0;
        else {
          var s0 = rot(W[t - 15], 7) ^ rot(W[t - 15], 18) ^ (W[t - 15] >>> 3);
          var s1 = rot(W[t - 2], 17) ^ rot(W[t - 2], 19) ^ (W[t - 2] >>> 10);
          W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
        }
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], hh = H[7];
      for (t = 0; t < 64; t++) {
        var S1 = rot(e, 6) ^ rot(e, 11) ^ rot(e, 25);
        var ch = (e & f) ^ (~e & g);
        var t1 = (hh + S1 + ch + K[t] + W[t]) | 0;
        var S0 = rot(a, 2) ^ rot(a, 13) ^ rot(a, 22);
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H = [H[0] + a, H[1] + b, H[2] + c, H[3] + d, H[4] + e, H[5] + f, H[6] + g, H[7] + hh].map(function (x) { return x | 0; });
    }
    return H.map(function (x) { return ('00000000' + (x >>> 0).toString(16)).slice(-8); }).join('');
  }

  // The fingerprint of an original, as bulletin.content.loader.fingerprint computes it.
  function fingerprint(title, body) {
    return sha256Hex(cleanText(title).trim() + '\n\n' + cleanText(body).trim()).slice(0, D.fingerprint_length);
  }

  // --- the file format -------------------------------------------------------------------------
  var PLAIN = /^[A-Za-z0-9][A-Za-z0-9._\/:+-]*(?: \d{2}:\d{2}(?::\d{2})?)?$/;
  var RESERVED = /^(?:true|false|yes|no|on|off|null|~|[-+]?[0-9.]+(?:e[-+]?\d+)?)$/i;

  function quoted(text) {
    return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  }

  function scalar(value, plain) {
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') return String(value);
    var text = cleanText(value).trim();
    if (plain && PLAIN.test(text) && !RESERVED.test(text)) return text;
    return quoted(text);
  }

  function yamlValue(name, value) {   // one line: flow lists and mappings
    var plain = D.plain_fields.indexOf(name) >= 0;
    if (Array.isArray(value)) {
      return '[' + value.map(function (v) { return yamlValue(name, v); }).join(', ') + ']';
    }
    if (value && typeof value === 'object') {
      return '{' + Object.keys(value).map(function (k) { return k + ': ' + yamlValue(name + '.' + k, value[k]); }).join(', ') + '}';
    }
    return scalar(value, plain);
  }

  var lastOriginal = null;   // the original serialized just before its translations (same save)

  function toFile(data) {
    data = prune(Object.assign({}, data));
    var isOriginal = D.original_only_fields.some(function (k) { return k in data; });
    var checked = data[D.checked_field] === true;
    delete data[D.checked_field];
    var body = cleanText(data.body || '').trim();
    delete data.body;
    if (isOriginal) {
      lastOriginal = { title: data.title || '', body: body };
    } else {
      // A translation takes these from its original (hidden in its column; a default may fill them).
      D.inherited_fields.forEach(function (k) { delete data[k]; });
      if (Object.keys(data).length === 0 && !body) return '';   // no translation written yet
      if (checked && lastOriginal) data.translated_from = fingerprint(lastOriginal.title, lastOriginal.body);
    }
    var order = D.field_order.filter(function (k) { return k in data; });
    Object.keys(data).forEach(function (k) { if (order.indexOf(k) < 0) order.push(k); });
    var lines = order.map(function (k) { return k + ': ' + yamlValue(k, data[k]); });
    return '---\n' + lines.join('\n') + (lines.length ? '\n' : '') + '---\n\n' + (body ? body + '\n' : '');
  }

  function splitFile(content) {   // → [front matter text, body] or null
    var text = String(content || '').replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
    if (!/^---[ \t]*\n/.test(text)) return null;
    var lines = text.split('\n');
    for (var i = 1; i < lines.length; i++) {
      if (/^---[ \t]*$/.test(lines[i])) return [lines.slice(1, i).join('\n'), lines.slice(i + 1).join('\n')];
    }
    return null;
  }

  function fromFile(content) {
    var parts = splitFile(content);
    if (!parts) return { body: content || '' };
    var data = jsyaml.load(parts[0], { schema: jsyaml.CORE_SCHEMA }) || {};
    if (typeof data !== 'object' || Array.isArray(data)) data = {};
    if (typeof data.source === 'string') data.source = { name: data.source };
    if (typeof data.authors === 'string') data.authors = [data.authors];
    if (typeof data.topics === 'string') data.topics = data.topics.split(',').map(function (s) { return s.trim(); });
    data.body = parts[1].replace(/^\n+/, '');
    return data;
  }

  CMS.registerCustomFormat(D.format, 'md', { fromFile: fromFile, toFile: toFile });

  // --- the preview -------------------------------------------------------------------------------
  // The site's style sheets, from the site's root: this script is in the admin folder.
  var siteRoot = new URL(D.site_root, (document.currentScript && document.currentScript.src) || document.baseURI);
  D.styles.forEach(function (href) { CMS.registerPreviewStyle(new URL(href, siteRoot).href); });

  function dateText(value, lang) {
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(String(value || ''));
    if (!m) return '';
    var day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    var weekday = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(day);
    weekday = weekday.charAt(0).toUpperCase() + weekday.slice(1);
    var text = lang === 'vi'
      ? weekday + ', ' + m[3] + '/' + m[2] + '/' + m[1]
      : weekday + ', ' + (+m[3]) + ' ' + new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' }).format(day) + ' ' + m[1];
    return m[4] ? text + ', ' + m[4] + ':' + m[5] : text;
  }

  function plainValue(map, key) {
    var v = map && map.get(key);
    return v && v.toJS ? v.toJS() : v;
  }

  var CAPTION = /\s*\{:\s*\.caption\s*\}\s*$/;

  var ArticlePreview = createClass({
    componentDidMount: function () { this.markCaptions(); },
    componentDidUpdate: function () { this.markCaptions(); },
    markCaptions: function () {   // the site's attr_list turns "{: .caption }" into a class
      var root = this.bodyNode;
      if (!root) return;
      Array.prototype.forEach.call(root.querySelectorAll('p'), function (p) {
        var last = p.lastChild;
        if (last && last.nodeType === 3 && CAPTION.test(last.nodeValue)) {
          last.nodeValue = last.nodeValue.replace(CAPTION, '');
          p.className = 'caption';
        }
      });
    },
    render: function () {
      var self = this;
      var data = this.props.entry.get('data');
      var get = function (k) { return plainValue(data, k); };
      var isOriginal = D.original_only_fields.some(function (k) { return data && data.has(k); });
      var lang = isOriginal ? D.languages[0] : (D.languages[1] || D.languages[0]);
      var ui = D.ui[lang];
      var unit = D.units[get('unit')];
      // as the article page: the parents' short names, then the unit's name
      var kicker = unit ? unit.chain.map(function (id) { return D.units[id] ? D.units[id].short[lang] : id; })
        .concat([unit.name[lang]]) : [];
      var topics = (get('topics') || []).map(function (id) { return D.topics[id] ? D.topics[id][lang] : id; });
      var image = get('image');
      var src = image ? String(this.props.getAsset(image)) : null;
      var authors = get('authors') || [];
      var source = get('source');
      var children = [
        h('header', { className: 'bl-article__header', key: 'header' },
          kicker.length ? h('p', { className: 'bl-kicker' }, kicker.join(' › ')) : null,
          h('h1', null, get('title') || ''),
          get('date') ? h('p', { className: 'bl-meta' }, h('time', null, dateText(get('date'), lang))) : null,
          topics.length ? h('ul', { className: 'bl-topics', 'aria-label': ui.topics },
            topics.map(function (t, i) { return h('li', { key: i }, h('a', null, t)); })) : null),
        get('draft') === true ? h('div', { className: 'admonition warning', key: 'draft' },
          h('p', { className: 'admonition-title' }, ui.draft)) : null,
        src ? h('figure', { className: 'bl-figure', key: 'figure' },
          h('img', { src: src, alt: get('caption') || get('title') || '' }),
          get('caption') ? h('figcaption', null, get('caption')) : null) : null,
        h('div', { className: 'bl-body', key: 'body', ref: function (node) { self.bodyNode = node; } },
          this.props.widgetFor('body')),
        authors.length ? h('p', { className: 'bl-byline', key: 'byline' }, authors.join('; ')) : null,
        source && source.name ? h('p', { className: 'bl-source', key: 'source' }, ui.source + ': ',
          source.url ? h('a', { href: source.url, rel: 'noopener external' }, source.name) : source.name) : null
      ];
      return h('div', { className: 'md-typeset', lang: lang, style: { padding: '1rem 1.5rem' } },
        h('article', { className: 'bl-article' }, children));
    }
  });

  CMS.registerPreviewTemplate(D.collection, ArticlePreview);
})();
