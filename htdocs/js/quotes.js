// Quotation form: drag and drop the lines to reorder them (SortableJS).
// Without JavaScript the up/down buttons of each line do the same.
(function () {
  'use strict';
  var body = document.querySelector('tbody.sortable');
  if (!body || typeof Sortable === 'undefined') return;
  Sortable.create(body, {
    handle: '.drag',
    animation: 120,
    onEnd: function () {
      var ids = [];
      body.querySelectorAll('tr[data-id]').forEach(function (tr) { ids.push(tr.getAttribute('data-id')); });
      var form = new URLSearchParams();
      ids.forEach(function (id) { form.append('ids', id); });
      fetch(body.getAttribute('data-order-url'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRF-Token': body.getAttribute('data-csrf'), 'Accept': 'application/json' },
        body: form
      }).then(function (r) {
        if (!r.ok) window.location.reload();
      }).catch(function () { window.location.reload(); });
    }
  });
})();
