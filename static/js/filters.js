// On a phone the filter selects fold away behind their summary, so the claims come first; the
// page is served with them open, so without scripts nothing is hidden.
(function () {
  var more = document.querySelector("details.filters__more[data-fold-on-phone]");
  if (more && window.matchMedia("(max-width: 40rem)").matches) {
    more.open = false;
  }
})();
