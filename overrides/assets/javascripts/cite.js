// The "cite this" line of a story (overrides/partials/cite.html) ends
// with the page's address: written here, where the page is read (GitHub
// Pages, a local server, or the offline bundle), without the query or #anchor that led to it.
document.querySelectorAll("[data-cite-url]").forEach(function (element) {
  element.textContent = location.href.split(/[?#]/)[0];
});
