/* Decision tree, progressive enhancement. Without this script every answer is a plain link
 * to a pre-rendered page and everything works. Material's instant navigation
 * (navigation.instant) swaps the whole page on a tap and keeps every link right; this script
 * only adds, on each page it shows (Material's `document$`, once per page, safe to rerun):
 * - focus on the new question after a tap, so screen readers announce it (not on a full
 *   load: there, focus starts at the top as usual and « Aller au contenu » stays first);
 * - after Back, « Modifier » or « Recommencer », the answer given earlier is marked;
 * - « Aller au contenu » moves the keyboard focus into the content on every page (WCAG 2.4.1).
 *   The link is not followed: a followed fragment link fires `popstate`, and Material's
 *   instant navigation answers it by following the same fragment again itself (a hidden
 *   link clicked a few dozen milliseconds later), which blurs the focused element: the focus
 *   fell back to <body> whenever Tab came after that. So the click is kept from Material
 *   and from the browser, and the target is focused here, once, with no history entry. */
(function () {
  "use strict";
  var LAST_STATE = "guide-pix-orga:arbre:dernier-etat";
  var shown = 0;

  function remember(key, value) {
    try {
      if (value === undefined) return window.sessionStorage.getItem(key);
      window.sessionStorage.setItem(key, value);
    } catch (error) { /* storage refused (private mode): nothing is marked, all still works */ }
    return null;
  }

  // The earlier state was deeper in the tree through this answer when its address starts
  // with the answer's address (one path segment per answer).
  function markEarlierAnswer(earlier) {
    document.querySelectorAll("a.tree__answer").forEach(function (link) {
      var chosen = Boolean(earlier) && earlier.indexOf(link.href) === 0 && earlier !== location.href;
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

  function onPage() {
    if (shown === 0) absoluteScriptSources();
    shown += 1;
    if (!document.querySelector("[data-tree]")) return;
    markEarlierAnswer(remember(LAST_STATE));
    remember(LAST_STATE, location.href.split("#")[0]);
    var heading = document.getElementById("tree-heading");
    if (shown > 1 && heading) heading.focus({ preventScroll: true });
  }

  document.addEventListener("click", function (event) {
    var skip = event.target.closest && event.target.closest("a.md-skip");
    var target = skip && document.getElementById(decodeURIComponent(skip.hash.slice(1)));
    if (!target) return;
    event.stopPropagation();
    event.preventDefault();
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();  // scrolls only if the target is out of view, as the focus would anyway
  }, true);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else {
    onPage();
  }
})();
