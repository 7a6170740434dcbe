/* pix-guide: French search that answers the questions readers type. Appended to Material's
 * lunr.fr.min.js by generator/mkdocs_search.py; runs in the search worker, after lunr and
 * lunr.fr are loaded. Measured by benchmarks/search_ranks.py (tests/recherche-questions.yml).
 *
 * - Accents: an accented word is indexed twice, as written and folded ("médiacentre" and
 *   "mediacentre"), at the same position, so previews keep their accents; a query word is
 *   looked up folded, as typed, and as the index writes it with accents, so the page opened
 *   from a result highlights every spelling (?h=).
 * - Query words: Material appends "*" to every word and lunr skips its search pipeline for
 *   such terms, so words are handled where lunr adds a query clause. There: a few reader's
 *   words bring the guide's (synonyms), a long word is also looked up with one letter wrong
 *   ("medicentre"), and the word itself weighs more than the words it is a prefix of.
 *   Words found everywhere ("de", "pix") are left out when the query has others.
 * - Ranking: a page's opening competes with its sections on equal terms, and a title that is
 *   the query itself, or holds its words in the order typed, comes first.
 */
(function (lunr) {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae")
  }

  /* Words that say nothing of what the reader looks for, in this guide: left out of a query
     that has other words (Material searches every word as a prefix, so "de" would match
     "décision", "depuis"…). Not lunr.fr's list: "pas", "sans", "moins" change the meaning. */
  var WEAK = {}
  ;("a au aux avec ce d dans de des du en et il j l la le les mon ma mes n ne ou par pour qu " +
    "que qui s se son sa ses sur un une y est vers pix").split(" ").forEach(function (w) { WEAK[w] = true })

  /* Words readers type that the guide does not use (folded), and the guide's words for them. */
  var SYNONYMS = {
    oublie: ["connait", "reinitialiser"], oublier: ["connait", "reinitialiser"],
    perdu: ["connait", "reinitialiser"],
    absent: ["apparait"], absente: ["apparait"], introuvable: ["apparait"],
    manquant: ["apparait"], disparu: ["apparait"],
    doublon: ["plusieurs"], double: ["plusieurs"]
  }

  var FUZZY_MIN_LENGTH = 7  // a word this long is also looked up with one letter wrong
  var EXACT_BOOST = 5  // the word itself, against the longer words it is a prefix of
  var OPENING_BONUS = 2.5  // what Material adds to a page's opening over its sections
  var TITLE_IS_QUERY = 4  // the title is the query ("GAR", "Médiacentre")
  var TITLE_IN_ORDER = 1.5  // the title holds the query's words in the order typed

  /* ------------------------------------------------------------------ index */

  var accented = {}  // folded word → its accented forms in the index
  var titles = {}  // document → the words of its title, folded

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

  var add = lunr.Builder.prototype.add
  lunr.Builder.prototype.add = function (doc, attributes) {
    titles[doc[this._ref]] = words(doc.title || "")
    return add.call(this, doc, attributes)
  }

  function words(text) {
    return fold(text.toLowerCase()).split(lunr.tokenizer.separator).filter(function (word) {
      return word && !WEAK[word]
    })
  }

  /* ------------------------------------------------------------------ query */

  var addClause = lunr.Query.prototype.clause
  var presence = lunr.Query.presence
  /* Forms this script adds (other spellings, synonyms): never reported as "not found". The
     word typed is, when no form of it is found (Material then scores the result by the
     share of words found; with none listed at all, its score would be NaN). */
  var helpers = {}

  /* The folded form carries the word's + or -, since every word is indexed folded; the
     other forms are optional, and left out if the word is excluded. */
  lunr.Query.prototype.clause = function (clause) {
    var folded = fold(clause.term)
    var star = /\*$/.test(folded) ? "*" : ""
    var word = folded.replace(/\*+$/, "")
    var main = Object.assign({}, clause, { term: folded, word: word })
    if (clause.presence === presence.PROHIBITED) return addClause.call(this, main)
    var query = this
    function optional(term, options) {
      var form = term.replace(/\*+$/, "")
      if (form !== word) helpers[form] = true
      addClause.call(query, Object.assign({}, clause, { presence: presence.OPTIONAL, term: term, word: word }, options))
    }
    if (folded !== clause.term) optional(clause.term)
    Object.keys(accented[word] || {}).forEach(function (form) {
      if (form + star !== clause.term) optional(form + star)
    })
    if (star) optional(word, { wildcard: lunr.Query.wildcard.NONE, boost: EXACT_BOOST })
    ;(SYNONYMS[word] || []).forEach(function (synonym) { optional(synonym + star) })
    if (word.length >= FUZZY_MIN_LENGTH && !clause.editDistance)
      optional(word, { editDistance: 1, wildcard: lunr.Query.wildcard.NONE })
    return addClause.call(this, main)
  }

  /* Weak words are left out when the query has other words. */
  function leaveOutWeakWords(query) {
    var strong = query.clauses.filter(function (clause) { return !WEAK[clause.word] })
    if (strong.length) query.clauses = strong
    query.clauses.forEach(function (clause) { if (WEAK[clause.word]) helpers[clause.word] = true })
    Object.keys(WEAK).forEach(function (word) { helpers[word] = true })
  }

  /* The query's words, in the order typed (each word once). */
  function typed(query) {
    var seen = {}
    return query.clauses.filter(function (clause) {
      return clause.presence !== presence.PROHIBITED && !seen[clause.word] && (seen[clause.word] = true)
    }).map(function (clause) { return clause.word })
  }

  function same(word, typedWord) {
    if (word === typedWord || word.indexOf(typedWord) === 0 && typedWord.length >= 3) return true
    return typedWord.length >= FUZZY_MIN_LENGTH && withinOneLetter(word, typedWord)
  }

  function withinOneLetter(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false
    var i = 0, j = 0, edits = 0
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue }
      if (++edits > 1) return false
      if (a.length > b.length) i++
      else if (b.length > a.length) j++
      else { i++; j++ }
    }
    return edits + (a.length - i) + (b.length - j) <= 1
  }

  /* How much the title of `ref` answers the query typed. */
  function titleBonus(ref, query) {
    var title = titles[ref] || []
    var position = 0
    for (var k = 0; k < query.length; k++) {
      while (position < title.length && !same(title[position], query[k])) position++
      if (position++ >= title.length) return 1
    }
    return title.length === query.length ? TITLE_IS_QUERY : TITLE_IN_ORDER
  }

  /* ------------------------------------------------------------------ results */

  var search = lunr.Index.prototype.query
  lunr.Index.prototype.query = function (fn) {
    var query
    var results = search.call(this, function (built) {
      fn(built)
      leaveOutWeakWords(built)
      query = typed(built)
    })
    return results.map(function (result) {
      /* Material multiplies the score of a page's opening (title and first paragraphs) by
         about 2.5 more than a section's: in this guide the answer is usually a section (a
         step, a rule, a glossary term), so the opening competes on equal terms. */
      if (result.ref.indexOf("#") < 0) result.score /= OPENING_BONUS
      result.score *= titleBonus(result.ref, query)
      /* A word and its folded form share positions; keep each position once, or Material
         would wrap it in <mark> twice and cut the word. */
      var seen = {}
      Object.values(result.matchData.metadata).forEach(function (fields) {
        Object.keys(fields).forEach(function (field) {
          fields[field].position = fields[field].position.filter(function (p) {
            return !seen[field + p] && (seen[field + p] = true)
          })
        })
      })
      return result
    }).sort(function (a, b) { return b.score - a.score })
  }

  /* Material lists the query words a result lacks ("Non trouvé"), asking
     lunr.stopWordFilter(word) which words matter: an accented word does not, its folded
     form answers for it; nor do the forms this script adds, nor weak words. Pipelines call
     the same function with tokens: left unchanged. */
  var matters = lunr.stopWordFilter
  lunr.stopWordFilter = function (token) {
    if (typeof token === "string" && (fold(token) !== token || helpers[token] || WEAK[token])) return undefined
    return matters(token)
  }
  lunr.stopWordFilter.label = matters.label
})(self.lunr)
