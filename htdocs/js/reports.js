/* reports.js - charts of the reports (data in data-chart attributes: the CSP
 * forbids inline scripts), drag and drop of forecast cards between months,
 * and the live check of filter expressions in report and assignment forms. */
(function () {
  'use strict';
  var palette = ['#714b67', '#017e84', '#e67e22', '#27ae60', '#2980b9', '#c0392b', '#8e44ad', '#16a085',
    '#d35400', '#7f8c8d', '#f1c40f', '#2c3e50'];

  function charts() {
    if (typeof Chart === 'undefined') return;
    document.querySelectorAll('canvas[data-chart]').forEach(function (cv) {
      var cfg;
      try { cfg = JSON.parse(cv.getAttribute('data-chart')); } catch (e) { return; }
      if (!cfg || !cfg.labels || !cfg.labels.length) return;
      cfg.datasets.forEach(function (d, i) {
        d.backgroundColor = palette[i % palette.length];
        d.borderColor = palette[i % palette.length];
      });
      var chart = new Chart(cv, {
        type: cfg.type || 'bar',
        data: { labels: cfg.labels, datasets: cfg.datasets },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: cfg.datasets.length > 1 }, title: { display: !!cfg.title, text: cfg.title } },
          scales: { x: { stacked: !!cfg.stacked }, y: { stacked: !!cfg.stacked, beginAtZero: true } }
        }
      });
      cv.setAttribute('data-rendered', String(chart.data.labels.length));
    });
  }

  function forecast() {
    var root = document.querySelector('.forecast');
    if (!root) return;
    var csrf = root.getAttribute('data-csrf');
    var dragged = null;
    root.querySelectorAll('.forecast-card').forEach(function (card) {
      card.addEventListener('dragstart', function (ev) {
        dragged = card;
        ev.dataTransfer.setData('text/plain', card.getAttribute('data-id'));
        card.classList.add('dragging');
      });
      card.addEventListener('dragend', function () { card.classList.remove('dragging'); });
    });
    root.querySelectorAll('.forecast-col').forEach(function (col) {
      col.addEventListener('dragover', function (ev) { ev.preventDefault(); col.classList.add('over'); });
      col.addEventListener('dragleave', function () { col.classList.remove('over'); });
      col.addEventListener('drop', function (ev) {
        ev.preventDefault();
        col.classList.remove('over');
        var id = ev.dataTransfer.getData('text/plain') || (dragged && dragged.getAttribute('data-id'));
        if (!id) return;
        var body = new URLSearchParams();
        body.set('month', col.getAttribute('data-month'));
        body.set('csrf_token', csrf);
        fetch('/crm/reports/forecast/' + encodeURIComponent(id) + '/move', {
          method: 'POST', credentials: 'same-origin', body: body,
          headers: { 'Accept': 'application/json', 'X-CSRF-Token': csrf }
        }).then(function (r) {
          if (r.ok) window.location.reload();
        });
      });
    });
  }

  function filterChecks() {
    document.querySelectorAll('input[data-filter-check]').forEach(function (inp) {
      var out = inp.parentNode.querySelector('[data-filter-error]');
      var timer = null;
      inp.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          fetch(inp.getAttribute('data-filter-check') + '?filter=' + encodeURIComponent(inp.value),
            { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
            .then(function (r) { return r.json(); })
            .then(function (j) {
              if (!out) return;
              if (j.ok) { out.hidden = true; out.textContent = ''; inp.removeAttribute('aria-invalid'); return; }
              out.hidden = false;
              out.textContent = j.message + ' (' + j.detail + ')';
              inp.setAttribute('aria-invalid', 'true');
            });
        }, 300);
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () { charts(); forecast(); filterChecks(); });
})();
