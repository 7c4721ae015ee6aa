// The scan page's deep-zoom viewer: OpenSeadragon (loaded on scan pages only)
// over the page's static IIIF tiles, each recognised line drawn as a box on
// the image. The tile source and the lines are written into the page
// (#scan-data, by build_tools/render.py: scan_viewer), so that a page opened
// from disk needs no fetch; the tiles load as plain images.
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

  function start() {
    var holder = document.getElementById("scan-viewer");
    var data = document.getElementById("scan-data");
    var info = document.querySelector("a.scan-info");
    if (!holder || !data || !info || holder.getAttribute("data-started")) return;
    holder.setAttribute("data-started", "1");
    var page = JSON.parse(data.textContent);
    var tiles = page.tiles;
    // the image's folder, as this page reaches it (served, under a sub-path, or from disk)
    tiles.id = new URL(info.getAttribute("href"), document.baseURI).href.replace(/\/info\.json$/, "");
    withViewerCode(function () {
      var viewer = OpenSeadragon({
        element: holder,
        prefixUrl: here + "openseadragon/images/",
        tileSources: tiles,
        showNavigator: true,
        // from disk every file is its own origin: images drawn as elements, not on a WebGL canvas
        drawer: location.protocol === "file:" ? "html" : "canvas",
        crossOriginPolicy: false
      });
      var aspect = tiles.height / tiles.width;
      viewer.addHandler("open", function () {
        page.lines.forEach(function (line, index) {
          var box = document.createElement("div");
          box.className = "scan-line";
          box.title = line[4];
          box.setAttribute("data-line", index);
          viewer.addOverlay({element: box, location: new OpenSeadragon.Rect(
            line[0], line[1] * aspect, line[2] - line[0], (line[3] - line[1]) * aspect)});
        });
        holder.setAttribute("data-ready", String(page.lines.length));
      });
      window.scanViewer = viewer;
    });
  }

  start();
})();
