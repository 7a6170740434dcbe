/* pix-guide: accent-insensitive French search ("eleve" finds "élèves", "Médiacentre" finds
 * "Mediacentre"). Appended to Material's lunr.fr.min.js by generator/mkdocs_search.py; runs
 * in the search worker, after lunr and lunr.fr are loaded.
 *
 * - Index: an accented word is indexed twice, as written and folded ("médiacentre" and
 *   "mediacentre"), at the same position, so previews keep their accents and the page
 *   highlighting (?h=) still finds the words as typed.
 * - Query: Material appends "*" to every word and lunr skips its search pipeline for such
 *   terms, so words are folded where lunr adds a query clause, not in the search pipeline.
 *   There too: filler words are left out, a few reader's words bring the guide's (synonyms),
 *   and a long word is also looked up with one letter wrong ("medicentre").
 */
(function (lunr) {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae")
  }

  /* Accented words of the index by their folded form ("eleves" → "élèves"), filled as the
     index is built: a word typed without accents is also looked up as written in the guide,
     so the page opened from a result highlights the accented words too (?h=). */
  var accented = {}

  /* Index pipeline: keep the word, add its folded form. Placed after the stop word filter
     (its list is accented) and before the stemmer, if the site's search config keeps one. */
  function addFoldedToken(token) {
    var word = token.toString()
    var folded = fold(word)
    if (folded === word) return token
    ;(accented[folded] = accented[folded] || {})[word] = true
    return [token, token.clone(function () { return folded })]
  }
  lunr.Pipeline.registerFunction(addFoldedToken, "addFoldedToken-fr")

  var useFrench = lunr.fr
  lunr.fr = Object.assign(function () {
    useFrench.call(this)
    this.pipeline.before(useFrench.stemmer, addFoldedToken)
  }, useFrench)

  /* Words that say nothing of what the reader looks for: left out of queries (Material
     searches every word as a prefix, so "de" would match "décision", "depuis"…). Shorter than
     lunr.fr's list on purpose: "pas", "sans", "plus", "moins" change the meaning. */
  var FILLERS = {}
  ;("a au aux avec ce d dans de des du en et il j l la le les mon ma mes n ne ou par pour qu " +
    "que qui s se son sa ses sur un une y est").split(" ").forEach(function (w) { FILLERS[w] = true })

  /* Words readers type that the guide does not use (folded), and the guide's words for them. */
  var SYNONYMS = {
    oublie: ["connait", "reinitialiser"], oublier: ["connait", "reinitialiser"],
    perdu: ["connait", "reinitialiser"],
    absent: ["apparait"], absente: ["apparait"], introuvable: ["apparait"],
    manquant: ["apparait"], disparu: ["apparait"],
    doublon: ["plusieurs"], double: ["plusieurs"]
  }

  /* A long word with a typo ("medicentre") is also looked up within one letter of it. */
  var FUZZY_MIN_LENGTH = 7
  /* Material looks every word up as a prefix ("pas" finds "passer", "passage"), and each word
     it expands to adds to the score: the word itself, exactly, must weigh more. */
  var EXACT_BOOST = 5
  var OPENING_BONUS = 2.5

  /* Query: an accented word is looked up as typed (so the page highlighting gets it) and
     folded (so any spelling matches). The folded form carries the word's + or -, since
     every word is indexed folded; the other forms (as typed, accented, synonyms, within one
     letter) are optional, and dropped if the word is excluded. */
  var addClause = lunr.Query.prototype.clause
  var presence = lunr.Query.presence
  var helpers = {}  // terms added by this script, never reported as "not found"
  lunr.Query.prototype.clause = function (clause) {
    var folded = fold(clause.term)
    var star = /\*$/.test(folded) ? "*" : ""
    var word = folded.replace(/\*+$/, "")
    if (FILLERS[word] && clause.presence !== presence.REQUIRED) return this
    if (clause.presence !== presence.PROHIBITED) {
      var query = this
      var optional = function (term, options) {
        helpers[term.replace(/\*+$/, "")] = true
        addClause.call(query, Object.assign({}, clause, { presence: presence.OPTIONAL, term: term }, options))
      }
      if (folded !== clause.term) optional(clause.term)
      Object.keys(accented[word] || {}).forEach(function (form) {
        if (form + star !== clause.term) optional(form + star)
      })
      if (star) optional(word, { wildcard: lunr.Query.wildcard.NONE, boost: EXACT_BOOST })
      ;(SYNONYMS[word] || []).forEach(function (synonym) { optional(synonym + star) })
      if (word.length >= FUZZY_MIN_LENGTH && !clause.editDistance) {
        helpers[word] = true  // its typo-tolerant form answers for it
        optional(word, { editDistance: 1, wildcard: lunr.Query.wildcard.NONE })
      }
    }
    return addClause.call(this, Object.assign({}, clause, { term: folded }))
  }

  /* Results: a word and its folded form share positions; keep each position once, or
     Material would wrap it in <mark> twice and cut the word. */
  var query = lunr.Index.prototype.query
  lunr.Index.prototype.query = function (fn) {
    return query.call(this, fn).map(function (result) {
      /* Material multiplies the score of a page's opening (title and first paragraphs) by
         about 2.5 more than a section's: in this guide the answer is usually a section (a
         step, a rule, a glossary term), so the opening competes on equal terms. */
      if (result.ref.indexOf("#") < 0) result.score /= OPENING_BONUS
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
     form answers for it; nor do the forms this script adds. Pipelines call the same
     function with tokens: left unchanged. */
  var matters = lunr.stopWordFilter
  lunr.stopWordFilter = function (token) {
    if (typeof token === "string" && (fold(token) !== token || helpers[token])) return undefined
    return matters(token)
  }
  lunr.stopWordFilter.label = matters.label
})(self.lunr)
