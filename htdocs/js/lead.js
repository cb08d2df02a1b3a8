// Lead form: "Why this probability?" loads the explained score (prior and
// each variable's factor, S2) from /crm/leads/<id>/score?fragment=1 the first
// time it is opened. Without JavaScript the link inside goes to that page.
(function () {
  'use strict';
  var box = document.querySelector('details.score-why');
  if (!box) return;
  var loaded = false;
  box.addEventListener('toggle', function () {
    if (!box.open || loaded) return;
    loaded = true;
    var body = box.querySelector('.score-body');
    fetch(box.getAttribute('data-src'), { credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) { body.innerHTML = html; })
      .catch(function () { loaded = false; });
  });
})();
