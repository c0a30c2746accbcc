/* The 404 page carries every language (docs/overrides/404.html). Put the language of the
   requested path first and declare it on <html>; the site's chrome (header, menu, footer)
   stays in the default language and keeps that language's lang attribute. */
(function () {
  "use strict";
  var root = document.querySelector(".bl-404");
  if (!root) { return; }
  var sections = root.querySelectorAll("section[data-bl-prefix]");
  var homeLink = root.querySelector('section[data-bl-prefix=""] a');
  var base = homeLink ? new URL(homeLink.getAttribute("href"), location.href).pathname : "/";
  var path = decodeURIComponent(location.pathname);
  var rest = path.indexOf(base) === 0 ? path.slice(base.length) : path.replace(/^\//, "");
  var chosen = null;
  for (var i = 0; i < sections.length; i++) {
    var prefix = sections[i].getAttribute("data-bl-prefix");
    if (prefix && rest.indexOf(prefix) === 0) { chosen = sections[i]; }
  }
  if (!chosen) { return; }  /* the default language is already first */
  var lang = chosen.getAttribute("data-bl-lang");
  var chromeLang = document.documentElement.lang;
  document.querySelectorAll(".md-header, .md-sidebar, .md-footer").forEach(function (el) {
    el.setAttribute("lang", chromeLang);
  });
  document.documentElement.lang = lang;
  var h1 = root.querySelector("h1");
  var title = h1.querySelector('[data-bl-lang="' + lang + '"]');
  if (title) { h1.insertBefore(title, h1.firstChild); }
  root.insertBefore(chosen, h1.nextSibling);
})();
