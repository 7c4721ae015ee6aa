/* The archive's search, in the reader's browser (the index: build_tools/search.py).
 *
 * Substring search over a character-pair index: the query is folded with the
 * table the build ships (Traditional to Simplified, full-width to ASCII,
 * lowercase), cut into runs of letters and digits, and each run is covered by
 * pairs at known offsets. A story matches when every pair of a run occurs at
 * its offset from one start: exactly the stories that contain the run.
 *
 * Every index file is a script calling archiveSearch.receive(name, data), so
 * it loads by <script> tag, served or from file:// (where fetch is blocked).
 * Nothing loads before the reader types; then only the metadata, the shards
 * the query's pairs live in, and the records of the results shown.
 */
(() => {
  "use strict"
  const box = document.querySelector("[data-archive-search]")
  if (!box) return
  const toggle = document.getElementById("__search")
  const input = box.querySelector("input[name=query]")
  const form = box.querySelector("form")
  const status = box.querySelector(".md-search-result__meta")
  const list = box.querySelector(".md-search-result__list")
  const more = box.querySelector(".archive-search__more")
  const filters = box.querySelector(".archive-search__filters")
  // The words shown before the metadata arrives are in the page; the rest come with it.
  let words = { prompt: status.textContent.trim(), searching: box.dataset.searching, failed: box.dataset.failed }
  const { index: indexUrl, site, root, script } = box.dataset
  const directoryUrls = box.dataset.directoryUrls === "true"
  const PAGE_SIZE = 20 // results shown at once; "more" shows the next as many
  const WAIT_MS = 120 // typing pause before a query runs
  const RUN = /[\p{L}\p{N}]+/gu

  // --- loading index files -------------------------------------------------
  const received = new Map()
  const waiting = new Map()
  window.archiveSearch = {
    receive(name, data) {
      received.set(name, data)
      const wait = waiting.get(name)
      if (wait) { waiting.delete(name); wait.resolve(data) }
    },
  }
  function load(name) {
    if (received.has(name)) return Promise.resolve(received.get(name))
    if (waiting.has(name)) return waiting.get(name).promise
    const wait = {}
    wait.promise = new Promise((resolve, reject) => { wait.resolve = resolve; wait.reject = reject })
    waiting.set(name, wait)
    const tag = document.createElement("script")
    tag.src = indexUrl + name + ".js"
    tag.onload = () => {
      tag.remove()
      if (waiting.get(name) === wait) { waiting.delete(name); wait.reject(new Error(name + ".js")) }
    }
    tag.onerror = () => { tag.remove(); waiting.delete(name); wait.reject(new Error(name + ".js")) }
    document.head.appendChild(tag)
    return wait.promise
  }

  // --- the index's formats -------------------------------------------------
  const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  const DIGIT = new Map(Array.from(DIGITS, (char, value) => [char, value]))
  function numbers(data) { // variable length, five bits a character
    const out = []
    let value = 0, shift = 0
    for (let i = 0; i < data.length; i++) {
      const digit = DIGIT.get(data[i])
      value += (digit & 31) * 2 ** shift
      if (digit & 32) shift += 5
      else { out.push(value); value = 0; shift = 0 }
    }
    return out
  }
  function gapsToNumbers(data) { // a list of increasing numbers, written as gaps
    let last = -1
    return numbers(data).map(gap => (last += gap))
  }
  function postings(data) { // document -> {positions, title}: see build_tools/search.py, Postings
    const out = new Map()
    if (!data) return out
    const all = numbers(data)
    let i = 0, doc = -1
    while (i < all.length) {
      doc += all[i++]
      const head = all[i++]
      const count = head >> 1
      const title = head & 1 ? all[i++] : 0
      const positions = new Array(count)
      let position = 0
      for (let k = 0; k < count; k++) positions[k] = position += all[i++]
      out.set(doc, { positions, title })
    }
    return out
  }

  let meta = null
  let fold = null
  let pageStarts = []
  let ready = null
  function setup() { // once: the metadata, the folding table, the filters (again after a failure)
    ready = ready || prepare().catch(error => { ready = null; throw error })
    return ready
  }
  async function prepare() {
    const data = await load("meta")
    const table = new Map()
    const chars = Array.from(data.fold)
    for (let i = 0; i + 1 < chars.length; i += 2) table.set(chars[i], chars[i + 1])
    fold = text => Array.from(text, char => table.get(char) || char)
    words = data.words[script] || data.words.zh
    more.textContent = words.more
    pageStarts = []
    for (let i = 0; i < data.pages.length; i++) {
      const bits = DIGIT.get(data.pages[i])
      for (let bit = 0; bit < 6; bit++) if (bits & (1 << bit)) pageStarts.push(i * 6 + bit)
    }
    for (const [kind, label, any] of [["y", "year", "any_year"], ["p", "paper", "any_paper"], ["c", "column", "any_column"]]) {
      const element = document.createElement("select")
      element.name = kind
      element.setAttribute("aria-label", words[label])
      element.append(new Option(words[any], ""))
      filters.append(element)
      data.facets[kind].forEach((names, index) => {
        const option = document.createElement("option")
        option.value = String(index)
        option.textContent = names[script] || names.zh
        element.append(option)
      })
    }
    filters.hidden = false
    meta = data
    return meta
  }

  function shardOf(pair) { // FNV-1a over UTF-16 code units, as build_tools/search.py shard_of
    let digest = 0x811c9dc5
    for (let i = 0; i < pair.length; i++) digest = Math.imul(digest ^ pair.charCodeAt(i), 0x01000193)
    return (digest >>> 0) % meta.shards
  }

  // --- matching ------------------------------------------------------------
  function runsOf(query) { // the query's runs of letters and digits, folded, as arrays of characters
    return (fold(query).join("").match(RUN) || []).map(run => Array.from(run))
  }
  function cover(run) { // pairs at offsets 0, 2, 4 ... and the last pair: every character covered
    const offsets = []
    for (let offset = 0; offset + 1 < run.length; offset += 2) offsets.push(offset)
    if (run.length % 2) offsets.push(run.length - 2)
    return offsets.map(offset => ({ offset, pair: run[offset] + run[offset + 1] }))
  }
  async function pairPostings(pair) {
    const shard = await load("i/" + shardOf(pair))
    return shard[pair] || ["", ""]
  }
  function matches(lists, offsets) { // document -> {count, title} where every pair sits at its offset
    const found = new Map()
    const [first, ...rest] = lists
    for (const [doc, entry] of first) {
      const others = rest.map(list => list.get(doc))
      if (others.some(other => !other)) continue
      const sets = others.map(other => new Set(other.positions))
      let count = 0, title = false
      for (const start of entry.positions) {
        if (sets.every((set, k) => set.has(start + offsets[k + 1] - offsets[0]))) {
          count++
          if (start < entry.title) title = true
        }
      }
      if (count) found.set(doc, { count, title })
    }
    return found
  }
  async function find(runs) { // {text: Map story -> {count, title}, scans: Set of pages}
    let text = null, scans = null
    for (const run of runs) {
      const pairs = cover(run)
      const data = await Promise.all(pairs.map(({ pair }) => pairPostings(pair)))
      const offsets = pairs.map(({ offset }) => offset)
      const inText = matches(data.map(([texts]) => postings(texts)), offsets)
      const inScans = matches(data.map(([, pages]) => postings(pages)), offsets)
      text = text ? new Map([...text].filter(([doc]) => inText.has(doc)).map(([doc, hit]) => {
        const more = inText.get(doc)
        return [doc, { count: hit.count + more.count, title: hit.title || more.title }]
      })) : inText
      scans = scans ? new Set([...scans].filter(page => inScans.has(page))) : new Set(inScans.keys())
    }
    return { text, scans }
  }
  function pageOf(doc) {
    let low = 0, high = pageStarts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (pageStarts[middle] <= doc) low = middle
      else high = middle - 1
    }
    return low
  }
  async function chosen() { // the stories the filters allow, or null for all
    let allowed = null
    for (const select of filters.querySelectorAll("select")) {
      if (!select.value) continue
      const docs = new Set(gapsToNumbers(await load(`f/${select.name}${select.value}`)))
      allowed = allowed ? new Set([...allowed].filter(doc => docs.has(doc))) : docs
    }
    return allowed
  }
  // Ranked: title matches first, then more matches, then newer (a lower
  // number). A hit in a scan shows under the stories of its page; a page
  // whose stories' text holds no match shows once, under its first story.
  function ranked({ text, scans }, allowed) {
    const results = []
    const pagesShown = new Set()
    for (const [doc, hit] of text) {
      if (allowed && !allowed.has(doc)) continue
      const page = pageOf(doc)
      const scan = scans.has(page)
      if (scan) pagesShown.add(page)
      results.push({ doc, count: hit.count, title: hit.title, text: true, scan })
    }
    results.sort((a, b) => (b.title - a.title) || (b.count - a.count) || (a.doc - b.doc))
    const scanOnly = []
    for (const page of [...scans].sort((a, b) => a - b)) {
      if (pagesShown.has(page)) continue
      const end = page + 1 < pageStarts.length ? pageStarts[page + 1] : meta.stories
      for (let doc = pageStarts[page]; doc < end; doc++) {
        if (!allowed || allowed.has(doc)) { scanOnly.push({ doc, count: 0, title: false, text: false, scan: true }); break }
      }
    }
    return results.concat(scanOnly)
  }

  // --- showing results -----------------------------------------------------
  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]))
  }
  function href(path) {
    return directoryUrls ? path : path.replace(/\/$/, ".html")
  }
  function marked(text, runs, limit) { // text, each occurrence of a run marked (offsets in characters)
    const chars = Array.from(text)
    const folded = fold(text)
    const marks = new Array(chars.length).fill(false)
    let first = -1
    for (const run of runs) {
      for (let i = 0; i + run.length <= folded.length; i++) {
        let k = 0
        while (k < run.length && folded[i + k] === run[k]) k++
        if (k === run.length) {
          for (k = 0; k < run.length; k++) marks[i + k] = true
          if (first < 0 || i < first) first = i
        }
      }
    }
    let start = 0, end = chars.length
    if (limit) {
      start = Math.max(0, (first < 0 ? 0 : first) - 30)
      end = Math.min(chars.length, start + limit)
    }
    const out = document.createDocumentFragment()
    if (start > 0) out.append("…")
    let i = start
    while (i < end) {
      let j = i
      while (j < end && marks[j] === marks[i]) j++
      const piece = chars.slice(i, j).join("")
      if (marks[i]) {
        const mark = document.createElement("mark")
        mark.textContent = piece
        out.append(mark)
      } else out.append(piece)
      i = j
    }
    if (end < chars.length) out.append("…")
    return out
  }
  function element(tag, className, ...children) {
    const node = document.createElement(tag)
    if (className) node.className = className
    node.append(...children)
    return node
  }
  function render(result, record, state) { // the story page is told the query (?h=): its scan marks the lines holding it
    const runs = state.runs
    const item = element("li", "md-search-result__item")
    item.dataset.searchResult = record.slug
    item.dataset.searchIn = [result.text && "text", result.scan && "scan"].filter(Boolean).join(" ")
    const link = element("a", "md-search-result__link")
    link.href = site + href(record.url) + "?h=" + encodeURIComponent(state.query)
    const facts = [record.date || words.undated, record.paper, record.column].filter(Boolean).join(" · ")
    const article = element("article", "md-search-result__article md-typeset",
      element("h1", "", marked(record.title, runs)),
      element("p", "archive-search__facts", facts))
    if (result.text) article.append(element("p", "archive-search__snippet", marked(record.text.replace(/\n/g, " "), runs, 120)))
    else article.append(element("p", "archive-search__snippet", words.scan_only))
    link.append(article)
    item.append(link)
    if (result.scan) {
      const scan = element("a", "archive-search__scan", say(words.scan, { file: record.scan }))
      scan.href = root + href(record.scan_url)
      item.append(scan)
    }
    return item
  }

  let current = { serial: 0, results: [], shown: 0, runs: [], query: "" }
  async function showMore(state) {
    const batch = state.results.slice(state.shown, state.shown + PAGE_SIZE)
    const records = await Promise.all(batch.map(result => load(`${script}/${result.doc}`)))
    if (state !== current) return
    batch.forEach((result, k) => list.append(render(result, records[k], state)))
    state.shown += batch.length
    more.hidden = state.shown >= state.results.length
  }
  // The box says what it is doing, for tests and anyone automating the site:
  // data-search-state is "searching", then "done" for data-search-query.
  function settle(state, text) {
    if (state !== current) return
    status.textContent = text
    box.dataset.searchState = "done"
  }
  async function search() {
    const query = input.value
    const state = { serial: current.serial + 1, results: [], shown: 0, runs: [], query: query.trim() }
    current = state
    box.dataset.searchQuery = query
    box.dataset.searchState = "searching"
    list.replaceChildren()
    more.hidden = true
    if (!query.trim()) { settle(state, words.prompt); return }
    status.textContent = words.searching
    try {
      await setup()
      state.runs = runsOf(query).filter(run => run.length >= 2)
      if (!state.runs.length) { settle(state, words.too_short); return }
      const [hits, allowed] = await Promise.all([find(state.runs), chosen()])
      if (state !== current) return
      state.results = ranked(hits, allowed)
      await showMore(state)
      settle(state, state.results.length ? say(words.found, { count: state.results.length })
        : say(words.none, { query: query.trim() }))
    } catch (error) {
      settle(state, say(words.failed, { error: error.message }))
    }
  }

  // For tests and scripts: the ranked results of a query under the chosen
  // filters, as {doc, text, scan} (doc: the story's number, its record is
  // search/<script>/<doc>.js), without touching the page.
  window.archiveSearch.results = async query => {
    await setup()
    const runs = runsOf(query).filter(run => run.length >= 2)
    if (!runs.length) return []
    const [hits, allowed] = await Promise.all([find(runs), chosen()])
    return ranked(hits, allowed).map(({ doc, text, scan }) => ({ doc, text, scan }))
  }

  // --- Material's habits: s or / to focus, arrows, Enter, Escape -------------
  let timer = 0
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, WAIT_MS) })
  input.addEventListener("focus", () => { toggle.checked = true })
  filters.addEventListener("change", search)
  more.addEventListener("click", () => {
    const state = current
    box.dataset.searchState = "searching"
    showMore(state).then(() => { if (state === current) box.dataset.searchState = "done" })
  })
  form.addEventListener("submit", event => event.preventDefault())
  form.addEventListener("reset", () => { setTimeout(search, 0); input.focus() })
  function close() { toggle.checked = false; input.blur() }
  toggle.addEventListener("change", () => { if (toggle.checked) input.focus() })
  function typing(target) {
    return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  }
  document.addEventListener("keydown", event => {
    if (event.metaKey || event.ctrlKey || event.altKey) return
    if (!toggle.checked) {
      if ((event.key === "s" || event.key === "/" || event.key === "f") && !typing(event.target)) {
        event.preventDefault()
        toggle.checked = true
        input.focus()
        input.select()
      }
      return
    }
    const links = [input, ...list.querySelectorAll("a")]
    const at = links.indexOf(document.activeElement)
    if (event.key === "Escape") { event.preventDefault(); close() }
    else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (at < 0 && document.activeElement && typing(document.activeElement)) return
      event.preventDefault()
      const step = event.key === "ArrowDown" ? 1 : -1
      links[Math.max(0, Math.min(links.length - 1, at + step))].focus()
    } else if (event.key === "Enter" && document.activeElement === input) {
      event.preventDefault()
      const first = list.querySelector("a.md-search-result__link")
      if (first) first.click()
    }
  })
})()
