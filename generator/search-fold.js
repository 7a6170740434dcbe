/* pix-guide: accent-insensitive French search ("eleve" finds "élèves", "Médiacentre" finds
 * "Mediacentre"). Appended to Material's lunr.fr.min.js by generator/mkdocs_search.py; runs
 * in the search worker, after lunr and lunr.fr are loaded.
 *
 * - Index: an accented word is indexed twice, as written and folded ("médiacentre" and
 *   "mediacentre"), at the same position, so previews keep their accents and the page
 *   highlighting (?h=) still finds the words as typed.
 * - Query: Material appends "*" to every word and lunr skips its search pipeline for such
 *   terms, so words are folded where lunr adds a query clause, not in the search pipeline.
 */
(function (lunr) {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae")
  }

  /* Index pipeline: keep the word, add its folded form. Placed after the stop word filter
     (its list is accented) and before the stemmer, if the site's search config keeps one. */
  function addFoldedToken(token) {
    var folded = fold(token.toString())
    if (folded === token.toString()) return token
    return [token, token.clone(function () { return folded })]
  }
  lunr.Pipeline.registerFunction(addFoldedToken, "addFoldedToken-fr")

  var useFrench = lunr.fr
  lunr.fr = Object.assign(function () {
    useFrench.call(this)
    this.pipeline.before(useFrench.stemmer, addFoldedToken)
  }, useFrench)

  /* Query: an accented word is looked up as typed (so the page highlighting gets it) and
     folded (so any spelling matches). The folded form carries the word's + or -, since
     every word is indexed folded; the word as typed is optional, or dropped if excluded. */
  var addClause = lunr.Query.prototype.clause
  var presence = lunr.Query.presence
  lunr.Query.prototype.clause = function (clause) {
    var folded = fold(clause.term)
    if (folded === clause.term) return addClause.call(this, clause)
    if (clause.presence !== presence.PROHIBITED)
      addClause.call(this, Object.assign({}, clause, { presence: presence.OPTIONAL }))
    return addClause.call(this, Object.assign({}, clause, { term: folded }))
  }

  /* Results: a word and its folded form share positions; keep each position once, or
     Material would wrap it in <mark> twice and cut the word. */
  var query = lunr.Index.prototype.query
  lunr.Index.prototype.query = function (fn) {
    return query.call(this, fn).map(function (result) {
      var seen = {}
      Object.values(result.matchData.metadata).forEach(function (fields) {
        Object.keys(fields).forEach(function (field) {
          fields[field].position = fields[field].position.filter(function (p) {
            return !seen[field + p] && (seen[field + p] = true)
          })
        })
      })
      return result
    })
  }

  /* Material lists the query words a result lacks ("Non trouvé"), asking
     lunr.stopWordFilter(word) which words matter: an accented word does not, its folded
     form answers for it. Pipelines call the same function with tokens: left unchanged. */
  var matters = lunr.stopWordFilter
  lunr.stopWordFilter = function (token) {
    if (typeof token === "string" && fold(token) !== token) return undefined
    return matters(token)
  }
  lunr.stopWordFilter.label = matters.label
})(self.lunr)
