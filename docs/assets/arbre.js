/* Decision tree, progressive enhancement. Without this script every answer is a plain link
 * to a pre-rendered page and everything works.
 *
 * A fast tap. Each page of the tree has, next to it, a small `fragments.json` written at build
 * time (generator/fragments.py): for the page and for every page of the tree it links to, the
 * title and the few parts of the page that differ from one tree page to another (head links,
 * header title, menu, article, footer, as HTML cut from the built pages, links root-relative).
 * Once a tree page is shown, its file is read (one small request). A tap on a link to another
 * tree page is then handled here, before Material sees it (capture phase on document; Material
 * listens on the body): the parts that differ are replaced, the title set, the address pushed;
 * no request for a whole page. Any other link, or a page whose file has not arrived yet, is
 * left to Material's instant navigation (navigation.instant), which loads the whole page.
 *
 * A tap on a slow phone (the benchmark: benchmarks/tree_metrics.py, CPU slowed 4×):
 * - the first picture after a tap holds the new article only; the parts a reader does not see
 *   at that moment (head links, menu, footer, header title) follow in the next task, before
 *   the address is pushed, so the page is whole when its address changes;
 * - once a page is shown and its file is here, the articles its answers lead to are parsed
 *   and laid out once, hidden, while the browser is idle. Laying out a text the first time
 *   costs most (the browser looks up fonts and shapes each word, then keeps the result): the
 *   tap then only places words already shaped. Both together, on a quiet machine: median
 *   66 → 44 ms, against 31 ms for a click that changes one word.
 *
 * Material's instant navigation is told of each location it handles (a link it follows, Back,
 * Forward: its `location$`) and fetches that page, unless its path is the one it was told of
 * just before (so the first one after a full load is always fetched); it shows the page when it
 * arrives (`document$`). While such a page is on its way, nothing is swapped here and taps
 * are left to Material: a swap would be replaced by Material's page when it arrived, at the
 * wrong address (Material's own navigations cancel the page on its way; a swap cannot).
 * Back and Forward: a tree page popped to is shown from its fragment here, as a tap is, and
 * Material is not told; any other is left to Material, which loads it whole. Material's
 * listener on window would run before any added here (same target: registration order, even
 * for a capturing one), so the theme (templates/theme/main.html) adds one in <head>, before
 * Material's bundle, which asks `guideTreePopstate` below and stops Material's when the page
 * is shown here. At 4× CPU slowdown, Back to the previous question: median 146 ms when
 * Material loaded the whole page, 29 ms from the fragments (benchmarks/tree_metrics.py).
 *
 * On each page shown (Material's `document$`, or a swap here; safe to rerun):
 * - focus on the new question after a tap, so screen readers announce it (not on a full
 *   load: there, focus starts at the top as usual and « Aller au contenu » stays first);
 * - after Back, « Modifier » or « Recommencer », the answer given earlier is marked;
 * - the event `guide:page` on document, for the other scripts of the guide (coches.js);
 * - « Aller au contenu » moves the keyboard focus into the content on every page (WCAG 2.4.1).
 *   The link is not followed: a followed fragment link fires `popstate`, and Material's
 *   instant navigation answers it by following the same fragment again itself (a hidden
 *   link clicked a few dozen milliseconds later), which blurs the focused element: the focus
 *   fell back to <body> whenever Tab came after that. So the click is kept from Material
 *   and from the browser, and the target is focused here, once, with no history entry. */
(function () {
  "use strict";
  var LAST_STATE = "guide-pix-orga:arbre:dernier-etat";
  var FRAGMENTS = "fragments.json";
  var shown = 0;
  var pages = {};  // root-relative path → { title, shell, parts: { name → hash of its HTML } }
  var parts = {};  // hash → HTML of a part
  var selectors = {};  // part name → CSS selector
  var requested = {};  // path → promise of its fragments file
  var current = null;  // path of the tree page on screen, null when not a tree page
  var onScreen = null;  // name → hash of the parts on screen after a swap; null after a full load
  var ready = {};  // hash → article already parsed, for the pages the answers on screen lead to
  var toldPath = null;  // path of the last location Material's instant navigation was told of
  var fetching = false;  // Material is fetching a page (see the top of this file)
  if (window.location$ && typeof window.location$.subscribe === "function") {
    window.location$.subscribe(function (url) {
      if (url.pathname !== toldPath) fetching = true;
      toldPath = url.pathname;
    });
  }

  function remember(key, value) {
    try {
      if (value === undefined) return window.sessionStorage.getItem(key);
      window.sessionStorage.setItem(key, value);
    } catch (error) { /* storage refused (private mode): nothing is marked, all still works */ }
    return null;
  }

  // The earlier state was deeper in the tree through this answer when its address starts
  // with the answer's address (one path segment per answer).
  function markEarlierAnswer(earlier, address) {
    document.querySelectorAll("a.tree__answer").forEach(function (link) {
      var chosen = Boolean(earlier) && earlier.indexOf(link.href) === 0 && earlier !== address;
      link.classList.toggle("tree__answer--chosen", chosen);
      var mark = link.querySelector(".tree__chosen-mark");
      if (chosen && !mark) {
        mark = document.createElement("span");
        mark.className = "tree__chosen-mark";
        mark.textContent = "Votre réponse précédente";
        link.appendChild(mark);
      } else if (!chosen && mark) {
        mark.remove();
      }
    });
  }

  // Instant navigation keeps the page's scripts, whose relative src would then point one
  // level off at a deeper address: make them absolute while the address is still right.
  function absoluteScriptSources() {
    document.querySelectorAll("script[src]").forEach(function (script) {
      script.setAttribute("src", script.src);
    });
  }

  // The fragments of the tree page at `path` and of its neighbours, asked for once.
  function load(path) {
    if (!requested[path]) {
      requested[path] = fetch(path + FRAGMENTS, { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (!data) return;
        Object.keys(data.pages).forEach(function (key) { pages[key] = data.pages[key]; });
        Object.keys(data.html).forEach(function (key) { parts[key] = data.html[key]; });
        selectors = data.selectors;
      }).catch(function () { requested[path] = null; /* offline, or not built: Material loads pages */ });
    }
    return requested[path];
  }

  function swappable(path) {
    return !fetching && current !== null && path !== current && Boolean(pages[path]) && Boolean(pages[current]) &&
      pages[path].shell === pages[current].shell;
  }

  // The element of the part with this hash: the one parsed ahead (used once), or a new one.
  function element(hash) {
    var made = ready[hash];
    if (made) {
      delete ready[hash];
      return made;
    }
    var template = document.createElement("template");
    template.innerHTML = parts[hash];
    return template.content.firstElementChild;
  }

  // While the browser is idle after a page is shown, one answer at a time (each a short
  // task, so a tap is never kept waiting long): parse the article the answer would bring, and
  // lay it out once, off screen and hidden (see the top of this file).
  function prepareAnswers() {
    var page = current;
    if (!page || !pages[page]) return;
    var showing = pages[page].parts.article;  // on screen: an article is never left for later
    var articles = [];
    document.querySelectorAll("a.tree__answer").forEach(function (link) {
      var next = pages[new URL(link.href).pathname];
      var hash = next && next.parts.article;
      if (hash && hash !== showing && articles.indexOf(hash) < 0) articles.push(hash);
    });
    ready = {};
    (function prepareOne() {
      if (current !== page || !articles.length) return;
      var hash = articles.shift();
      ready[hash] = element(hash);
      layOutHidden(ready[hash]);
      whenIdle(prepareOne);
    })();
  }

  // The copy laid out loses its ids (no duplicate id, even for a moment) and is gone before
  // the task ends: nothing of it is ever painted or exposed to assistive technologies.
  function layOutHidden(article) {
    var live = document.querySelector(selectors.article);
    if (!live) return;
    var copy = article.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (inner) { inner.removeAttribute("id"); });
    copy.setAttribute("aria-hidden", "true");
    copy.style.cssText = "position:absolute;top:0;left:-10000px;visibility:hidden;width:" +
      live.getBoundingClientRect().width + "px";
    live.parentNode.appendChild(copy);
    copy.getBoundingClientRect();  // the layout itself
    copy.remove();
  }

  function whenIdle(callback) {
    (window.requestIdleCallback || window.setTimeout)(callback);
  }

  // The heading stays the same element (Material's header title watches it): it takes the new
  // heading's attributes and content, and its place.
  function keepHeading(article) {
    var heading = document.getElementById("tree-heading");
    var next = article.querySelector("#tree-heading");
    if (!heading || !next) return;
    Array.prototype.slice.call(heading.attributes).forEach(function (a) { heading.removeAttribute(a.name); });
    Array.prototype.slice.call(next.attributes).forEach(function (a) { heading.setAttribute(a.name, a.value); });
    heading.replaceChildren.apply(heading, Array.prototype.slice.call(next.childNodes));
    next.replaceWith(heading);
  }

  // Show the page at `path` in place of the one on screen: its article and title now; its
  // other parts after the next picture if `restAfterPaint` (see the top of this file), else
  // now too.
  function swap(path, restAfterPaint) {
    var to = pages[path].parts;
    if (!onScreen) onScreen = Object.assign({}, pages[current].parts);  // as loaded whole
    replaceParts(to, ["article"]);
    document.title = pages[path].title;
    current = path;
    var rest = Object.keys(selectors).filter(function (name) { return name !== "article"; });
    if (!restAfterPaint) {
      replaceParts(to, rest);
      return;
    }
    var swapped = shown;
    afterPaint(function () {  // not if another page came since: that one replaces them
      if (shown === swapped + 1) replaceParts(to, rest);
    });
  }

  // Replace the parts `names` that differ between the screen and `to` (name → hash).
  function replaceParts(to, names) {
    names.forEach(function (name) {
      if (onScreen[name] === to[name]) return;
      var old = document.querySelector(selectors[name]);
      var next = to[name] ? element(to[name]) : null;
      if (next && name === "article") keepHeading(next);
      if (old && next) old.replaceWith(next);
      else if (old) old.remove();
      else if (next) document.head.appendChild(next);
      onScreen[name] = to[name];
    });
  }

  // Show the tree page at `url` (an URL object) from its fragment; `offset`: where to scroll;
  // `restAfterPaint`: see swap.
  function show(url, offset, restAfterPaint) {
    history.scrollRestoration = "manual";  // the offset is set here, as Material does
    // Read before the swap: after it, reading the offset would force a layout.
    var there = window.scrollY === offset && window.scrollX === 0;
    swap(url.pathname, restAfterPaint);
    ["__drawer", "__search"].forEach(function (id) {  // closed, as after any navigation
      var toggle = document.getElementById(id);
      if (toggle) toggle.checked = false;
    });
    onPage(url.href);
    // Last: scrolling lays the page out, once all the changes above are made.
    if (!there) window.scrollTo(0, offset);
  }

  // After a full load or a page loaded by Material (document$).
  function onDocument() {
    fetching = false;
    onScreen = null;
    onPage(location.href);
  }

  // The page at `href` is on screen (its address may be pushed a frame later, see below).
  function onPage(href) {
    if (shown === 0) absoluteScriptSources();
    shown += 1;
    var tree = document.querySelector("[data-tree]");
    var address = href.split("#")[0];
    current = tree ? new URL(address).pathname : null;
    if (tree) {
      markEarlierAnswer(remember(LAST_STATE), address);
      remember(LAST_STATE, address);
      var heading = document.getElementById("tree-heading");
      var path = current;
      // After the new question is on screen: the focus (a forced layout) and the next file
      // would only delay that first picture.
      afterPaint(function () {
        if (shown > 1 && heading && heading.isConnected) heading.focus({ preventScroll: true });
        load(path).then(function () {
          if (current === path) whenIdle(prepareAnswers);
        });
      });
    }
    document.dispatchEvent(new CustomEvent("guide:page"));
  }

  function afterPaint(callback) {
    window.requestAnimationFrame(function () { window.setTimeout(callback, 0); });
  }

  // The address of a link to another tree page that can be shown from its fragment, or null.
  function treeLink(element) {
    var link = element.closest && element.closest("a[href]");
    if (!link || link.target) return null;
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.search || url.hash) return null;
    return swappable(url.pathname) ? url : null;
  }

  document.addEventListener("click", function (event) {
    var skip = event.target.closest && event.target.closest("a.md-skip");
    var target = skip && document.getElementById(decodeURIComponent(skip.hash.slice(1)));
    if (target) {
      event.stopPropagation();
      event.preventDefault();
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();  // scrolls only if the target is out of view, as the focus would anyway
      return;
    }
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var url = event.defaultPrevented ? null : treeLink(event.target);
    if (!url) return;
    event.stopPropagation();  // Material's instant navigation listens on the body, later
    event.preventDefault();
    var left = { x: window.scrollX, y: window.scrollY };
    show(url, 0, true);
    // The address once the new question is on screen and the page whole (history calls cost
    // a few dozen ms on a slow phone). As Material does: the offset kept in the entry left,
    // for Back.
    afterPaint(function () {
      history.replaceState(left, "");
      history.pushState(null, "", url.href);
    });
  }, true);

  // Back and Forward (see the top of this file): true if the page popped to is shown here.
  window.guideTreePopstate = function (event) {
    if (!swappable(location.pathname)) return false;
    show(new URL(location.href), (event.state && event.state.y) || 0);
    return true;
  };

  // Material prefetches a whole page when a link gets the focus (a tap focuses it) or the
  // mouse moves over it: not for tree links, shown from their fragments.
  ["focusin", "mousemove"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (treeLink(event.target)) event.stopPropagation();
    }, true);
  });

  // A file that failed (offline for a moment) is asked for again at the next touch.
  document.addEventListener("pointerdown", function () { if (current) load(current); }, true);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onDocument);
  } else {
    onDocument();
  }
})();
