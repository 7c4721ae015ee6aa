// A deep-zoom viewer of a page's scan: OpenSeadragon (loaded on pages that
// show a scan only) over the page's static IIIF tiles, each line drawn as a box
// on the image. The tile source and the lines are written into the page
// (#scan-data, by build_tools/render.py: scan_viewer), so that a page opened
// from disk needs no fetch; the tiles load as plain images.
//
// On the scan page every recognised line is boxed. On a story's page only the
// story's lines, the viewer opened on its region of the page; pointing at (or
// focusing) a paragraph lights its lines, and the characters of a search's
// words (?h=…, set by the search's result links) are marked on the image:
// each character's place along its line is in the data (its edges), from the
// engine's character boxes where it gave them; else the whole line is marked.
(function () {
  var script = document.currentScript;
  var here = script ? script.src.replace(/[^\/]*$/, "") : "";

  function withViewerCode(then) {
    if (window.OpenSeadragon) return then();
    var tag = document.createElement("script");
    tag.src = here + "openseadragon/openseadragon.min.js";
    tag.onload = then;
    document.head.appendChild(tag);
  }

  // The search's words, as the result link passed them: each run of letters and digits.
  function searchWords() {
    var query = new URLSearchParams(location.search).get("h") || "";
    return query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function start() {
    var holder = document.getElementById("scan-viewer");
    var data = document.getElementById("scan-data");
    var info = document.querySelector("a.scan-info");
    if (!holder || !data || !info || holder.getAttribute("data-started")) return;
    holder.setAttribute("data-started", "1");
    var page = JSON.parse(data.textContent);
    var tiles = page.tiles;
    // the image's folder, as this page reaches it (served, under a sub-path, from disk, or hosted elsewhere)
    tiles.id = new URL(info.getAttribute("href"), document.baseURI).href.replace(/\/info\.json$/, "");
    var aspect = tiles.height / tiles.width;
    function rect(box, pad) {
      pad = pad || 0;
      return new OpenSeadragon.Rect(box[0] - pad, (box[1] - pad) * aspect,
                                    box[2] - box[0] + 2 * pad, (box[3] - box[1] + 2 * pad) * aspect);
    }
    withViewerCode(function () {
      var viewer = OpenSeadragon({
        element: holder,
        prefixUrl: here + "openseadragon/images/",
        tileSources: tiles,
        showNavigator: !page.region,
        // from disk every file is its own origin: images drawn as elements, not on a WebGL canvas
        drawer: location.protocol === "file:" ? "html" : "canvas",
        crossOriginPolicy: false
      });
      var words = searchWords();
      var boxes = {};  // paragraph anchor -> its lines' boxes
      viewer.addHandler("open", function () {
        if (page.region) viewer.viewport.fitBounds(rect(page.region, 0.01), true);
        var hits = 0;
        // the part of a line its characters [from, to) stand on: along x for a line set across, y for a column
        function part(line, from, to) {
          var edges = line[6], column = line[3] - line[1] > (line[2] - line[0]) * aspect;
          return column ? [line[0], edges[from], line[2], edges[to]] : [edges[from], line[1], edges[to], line[3]];
        }
        page.lines.forEach(function (line, index) {
          var box = document.createElement("div");
          box.className = "scan-line";
          box.title = line[4];
          box.setAttribute("data-line", index);
          var anchor = line[5];
          if (anchor) {
            box.setAttribute("data-anchor", anchor);
            (boxes[anchor] = boxes[anchor] || []).push(box);
          }
          var text = line[4].toLowerCase(), exact = line[6] && line[6].length === line[4].length + 1;
          words.forEach(function (word) {
            for (var at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
              hits++;
              if (!exact) { box.classList.add("is-hit"); continue; }
              var mark = document.createElement("div");
              mark.className = "scan-hit";
              mark.title = line[4].substr(at, word.length);
              viewer.addOverlay({element: mark, location: rect(part(line, at, at + word.length))});
            }
          });
          viewer.addOverlay({element: box, location: rect(line)});
        });
        Object.keys(boxes).forEach(function (anchor) {
          var paragraph = document.getElementById(anchor);
          if (!paragraph) return;
          function light(on) {
            paragraph.classList.toggle("is-lit", on);
            boxes[anchor].forEach(function (box) { box.classList.toggle("is-lit", on); });
          }
          paragraph.addEventListener("mouseenter", function () { light(true); });
          paragraph.addEventListener("mouseleave", function () { light(false); });
          paragraph.addEventListener("focusin", function () { light(true); });
          paragraph.addEventListener("focusout", function () { light(false); });
        });
        holder.setAttribute("data-ready", String(page.lines.length));
        holder.setAttribute("data-hits", String(hits));
      });
      window.scanViewer = viewer;
    });
  }

  start();
})();
