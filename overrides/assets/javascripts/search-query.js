/* Chinese queries for Material's search, cut the way the index was cut.
 *
 * Material segments a Chinese query against its index, but drops the last
 * word and adds wildcards that match nothing, so "招商引资" found nothing.
 * This wraps the search worker: it learns the index's words from the setup
 * message, tiles each run of Chinese in a query into the most index words of
 * two or more characters (as build_tools/search_words.py tiles the index),
 * and sends "+招商〇 +引资〇": every word required, each marked with 〇 so
 * that Material's segmenter keeps it whole and drops the mark.
 */
(() => {
  const Base = window.Worker
  if (!Base) return
  const HAN = /\p{Script=Han}+/gu
  const MARK = "\u3007"

  function tile(run, words) {
    const best = [[]]
    for (let end = 1; end <= run.length; end++) {
      best[end] = null
      for (let start = 0; start < end; start++) {
        const piece = run.slice(start, end)
        if (best[start] === null || (piece.length > 1 && !words.has(piece))) continue
        const candidate = [...best[start], piece]
        const score = c => c.filter(p => p.length > 1).length * 10 - c.filter(p => p.length === 1).length * 100
        if (best[end] === null || score(candidate) > score(best[end])) best[end] = candidate
      }
    }
    return best[run.length] || [...run]
  }

  function rewrite(query, words) {
    if (!words.size || !HAN.test(query)) return query
    return query.split(/\s+/).filter(Boolean).map(part =>
      part.replace(HAN, run => tile(run, words).map(word => ` +${word}${word.length > 1 ? MARK : ""}`).join(""))
    ).join(" ").trim()
  }

  window.Worker = class extends Base {
    postMessage(message, ...rest) {
      if (message && message.type === 0 && message.data && message.data.docs) {
        const separator = new RegExp(message.data.config.separator, "g")
        this.words = new Set()
        for (const doc of message.data.docs)
          for (const word of `${doc.title} ${doc.text}`.split(separator)) if (word) this.words.add(word)
      } else if (message && message.type === 2 && typeof message.data === "string") {
        message = { ...message, data: rewrite(message.data, this.words || new Set()) }
      }
      return super.postMessage(message, ...rest)
    }
  }
})()
