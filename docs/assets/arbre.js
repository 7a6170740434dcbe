/* Decision tree, progressive enhancement. Without this script every answer is a plain link
 * to a pre-rendered page and everything works. With it, the next question replaces the
 * current one without a full page load, the URL and history stay right (back button,
 * reload, sharing), and focus moves to the new question for keyboard and screen readers. */
(function () {
  "use strict";
  var LINKS = "a.tree__answer, a.tree__change, a.tree__restart";
  var cache = {};

  function article(doc) { return doc.querySelector("article.md-content__inner"); }

  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (html) {
        return new DOMParser().parseFromString(html, "text/html");
      });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }

  function focusQuestion() {
    var heading = document.getElementById("tree-heading");
    if (heading) heading.focus({ preventScroll: true });
  }

  function show(url, push) {
    return load(url).then(function (doc) {
      var next = article(doc), current = article(document);
      if (!next || !current || !next.querySelector("[data-tree]")) throw new Error("not a tree page");
      current.innerHTML = next.innerHTML;
      document.title = doc.title;
      if (push) history.pushState({ tree: true }, "", url);
      window.scrollTo(0, 0);
      focusQuestion();
      prefetch();
    });
  }

  // Answers are fetched ahead (small static pages from the same server), so a tap only swaps.
  function prefetch() {
    document.querySelectorAll("a.tree__answer").forEach(function (link) { load(link.href); });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(LINKS);
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    show(link.href, true).catch(function () { window.location.href = link.href; });
  });

  window.addEventListener("popstate", function () {
    if (!document.querySelector("[data-tree]")) return;
    show(window.location.href, false).catch(function () { window.location.reload(); });
  });

  // A page loaded in full (shared link, reload) starts with focus at the top as usual, so the
  // « Aller au contenu » link stays first; focus moves only when the script swaps a question.
  if (document.querySelector("[data-tree]")) {
    history.replaceState({ tree: true }, "", window.location.href);
    prefetch();
  }
})();
