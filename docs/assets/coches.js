/* Ticks on « Se préparer » items and steps, kept in this browser only (localStorage).
 * Without this script the lists are plain lists. Each list names its outcome and a hash of
 * its content (data-coches="id:hash", written at build time): a content change starts fresh.
 * Safe to run many times: Material's instant navigation and the tree's swaps (arbre.js) bring
 * new lists, and only lists not yet done are touched. */
(function () {
  "use strict";
  var PREFIX = "pix-guide:coches:";
  var NOTE = "Les coches restent dans ce navigateur, sur cet appareil : rien n'est envoyé.";
  var store = null;
  try { store = window.localStorage; } catch (error) { /* storage blocked: ticks still work */ }

  function read(key) {
    try { return JSON.parse(store.getItem(PREFIX + key)) || []; } catch (error) { return []; }
  }

  function write(key, ids) {
    if (!store) return;
    try {
      if (ids.length) store.setItem(PREFIX + key, JSON.stringify(ids));
      else store.removeItem(PREFIX + key);
    } catch (error) { /* storage full or blocked: the ticks just won't be remembered */ }
  }

  // Stored keys that start with `start` (all ticks, or an outcome's older contents).
  function storedKeys(start) {
    var keys = [];
    if (!store) return keys;
    for (var i = 0; i < store.length; i++) {
      var name = store.key(i);
      if (name && name.indexOf(PREFIX + start) === 0) keys.push(name);
    }
    return keys;
  }

  function forgetOlderVersions(key) {
    var outcome = key.split(":")[0] + ":";
    storedKeys(outcome).forEach(function (name) {
      if (name !== PREFIX + key) store.removeItem(name);
    });
  }

  function toggle(key, id, checked) {
    var ids = read(key).filter(function (other) { return other !== id; });
    if (checked) ids.push(id);
    write(key, ids);
  }

  function checkbox(key, item) {
    var box = document.createElement("input");
    box.type = "checkbox";
    box.className = "guide-tick__box";
    box.checked = read(key).indexOf(item.id) !== -1;
    box.addEventListener("change", function () { toggle(key, item.id, box.checked); });
    return box;
  }

  // A « Se préparer » item: its text is the checkbox's label (its notes stay outside it, so
  // opening a note never ticks the item).
  function tickItem(key, item) {
    var label = document.createElement("label"), text = document.createElement("span");
    var own = item.querySelector(":scope > .guide-checklist__text");
    label.className = "guide-tick guide-tick--item";
    if (own) {
      while (own.firstChild) text.appendChild(own.firstChild);
      own.replaceWith(label);
    } else {
      while (item.firstChild) text.appendChild(item.firstChild);
      item.appendChild(label);
    }
    label.appendChild(checkbox(key, item));
    label.appendChild(text);
  }

  // A step holds paragraphs and boxes: a short « Fait » label goes before them.
  function tickStep(key, item, number) {
    var label = document.createElement("label");
    label.className = "guide-tick guide-tick--step";
    label.appendChild(checkbox(key, item));
    label.insertAdjacentHTML("beforeend",
      "<span>Fait<span class=\"guide-sr-only\"> : étape " + number + "</span></span>");
    item.insertBefore(label, item.firstChild);
  }

  function clearTicks(scope) {
    scope.querySelectorAll("[data-coches]").forEach(function (list) {
      write(list.getAttribute("data-coches"), []);
      list.querySelectorAll(".guide-tick__box").forEach(function (box) { box.checked = false; });
    });
  }

  function tools(lists) {
    var last = lists[lists.length - 1];
    var block = document.createElement("div");
    block.className = "guide-tick-tools";
    block.innerHTML = "<button type=\"button\" class=\"md-button\">Élève suivant (même cas)</button>" +
      "<p class=\"guide-tick-tools__status\" role=\"status\"></p>" +
      "<p class=\"guide-tick-tools__note\">" + NOTE + "</p>";
    block.querySelector("button").addEventListener("click", function () {
      clearTicks(document);
      block.querySelector("[role=status]").textContent = "Coches effacées : les réponses sont gardées.";
    });
    last.parentNode.insertBefore(block, last.nextSibling);
  }

  function init() {
    var lists = Array.prototype.slice.call(document.querySelectorAll("[data-coches]:not([data-coches-pret])"));
    if (!lists.length) return;
    lists.forEach(function (list) {
      var key = list.getAttribute("data-coches");
      list.setAttribute("data-coches-pret", "");
      if (store) forgetOlderVersions(key);
      var items = list.querySelectorAll(":scope > li[id]");
      items.forEach(function (item, index) {
        if (list.tagName === "OL") tickStep(key, item, index + 1);
        else tickItem(key, item);
      });
    });
    if (!document.querySelector(".guide-tick-tools")) tools(document.querySelectorAll("[data-coches]"));
  }

  // « Recommencer » starts a new pupil: no ticks anywhere (the answers go with the page).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.tree__restart");
    if (link) storedKeys("").forEach(function (name) { store.removeItem(name); });
  }, true);

  // Material's instant navigation emits document$ for the first page and each new one;
  // arbre.js sends `guide:page` after it shows a tree page from its fragment.
  document.addEventListener("guide:page", init);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else init();
})();
