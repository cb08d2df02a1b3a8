// Pipeline kanban: drag cards between columns (SortableJS) and save the new
// stage with a POST carrying the session's CSRF token; on error the card goes
// back and the message is shown. Without JavaScript each card has a stage
// selector and a button that do the same.
(function () {
  'use strict';
  var board = document.querySelector('.kanban');
  if (!board) return;
  var errorBox = document.querySelector('.kanban-error');

  function showError(msg) {
    if (!errorBox) return;
    errorBox.textContent = (board.getAttribute('data-error') || '') + ' ' + msg;
    errorBox.hidden = false;
  }

  function bump(col, delta) {
    var c = col && col.querySelector('.kcount');
    if (c) c.textContent = String(Math.max(0, parseInt(c.textContent, 10) + delta));
  }

  function moveCard(card, stage) {
    var body = 'stage_id=' + encodeURIComponent(stage);
    return fetch('/crm/leads/' + card.getAttribute('data-id') + '/stage', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Accept': 'application/json',
        'X-CSRF-Token': board.getAttribute('data-csrf')
      },
      body: body
    }).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error((j && j.error && j.error.message) || ('HTTP ' + r.status));
        return j;
      }, function () { throw new Error('HTTP ' + r.status); });
    });
  }

  function setup(list) {
    if (typeof Sortable === 'undefined') return;
    Sortable.create(list, {
      group: 'kanban',
      animation: 120,
      draggable: '.kcard',
      filter: 'select, button, input',
      preventOnFilter: false,
      onEnd: function (evt) {
        if (evt.to === evt.from) return;
        var card = evt.item;
        var stage = evt.to.getAttribute('data-stage');
        var fromCol = evt.from.closest('.kcol'), toCol = evt.to.closest('.kcol');
        card.classList.add('saving');
        moveCard(card, stage).then(function () {
          card.classList.remove('saving');
          var sel = card.querySelector('select[name=stage_id]');
          if (sel) sel.value = stage;
          bump(fromCol, -1);
          bump(toCol, 1);
          if (errorBox) errorBox.hidden = true;
        }).catch(function (e) {
          card.classList.remove('saving');
          evt.from.insertBefore(card, evt.from.children[evt.oldIndex] || null);
          showError(e.message);
        });
      }
    });
  }

  Array.prototype.forEach.call(board.querySelectorAll('.kcards'), setup);

  Array.prototype.forEach.call(document.querySelectorAll('.autosubmit'), function (el) {
    el.addEventListener('change', function () { el.form.submit(); });
  });

  board.addEventListener('click', function (ev) {
    var more = ev.target.closest('.kmore');
    if (!more) return;
    ev.preventDefault();
    var url = more.getAttribute('data-url');
    if (!url) return;
    fetch(url + '&fragment=1', { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var frag = doc.querySelector('.kcards-more');
      var list = more.parentNode.querySelector('.kcards');
      if (!frag || !list) return;
      Array.prototype.forEach.call(frag.querySelectorAll('.kcard'), function (c) {
        list.appendChild(document.importNode(c, true));
      });
      var next = frag.getAttribute('data-more');
      if (next) more.setAttribute('data-url', next); else more.remove();
    }).catch(function (e) { showError(e.message); });
  });
})();
