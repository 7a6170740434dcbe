/* pix-guide: accent-insensitive search for a site built by Zensical. Appended to Zensical's
 * search worker (assets/javascripts/workers/search.*.min.js) by `python -m generator zensical`
 * (generator/zensical_site.py); runs in the worker only, before it indexes anything.
 *
 * Zensical's worker lowercases every indexed word and every query word through
 * `normalize("NFKD")`, which splits "é" into "e" and a combining accent but keeps the accent,
 * so "mediacentre" finds nothing of "Médiacentre". Dropping the combining marks there makes
 * both sides accent-free. Highlights keep their accents: the worker marks ranges of the text
 * as written, not of the normalized words. (MkDocs' search is folded by search-fold.js.)
 */
(function () {
  var normalize = String.prototype.normalize
  String.prototype.normalize = function (form) {
    var text = normalize.call(this, form)
    return form === "NFKD" ? text.replace(/[\u0300-\u036f]/g, "") : text
  }
})()
