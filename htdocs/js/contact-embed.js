/* Piste contact form for other websites (SPEC I2), served as /contact/embed.js.
 *
 *   <div data-piste-contact></div>
 *   <script src="https://crm.example.com/contact/embed.js" async></script>
 *
 * renders the form inside the div (attributes: data-lang="fr|en",
 * data-redirect="https://www.example.com/merci"). A plain HTML
 * <form data-piste-contact action="https://crm.example.com/contact"> already in
 * the page only gets its anti-spam fields filled in. Only sites listed in the
 * CRM's allowed origins can load the form description (CORS). The DOM is
 * built with createElement/textContent: no HTML from the network is parsed. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URLSearchParams) return;
  var base = new URL(script.src, window.location.href).origin;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  function utm() {
    var q = new URLSearchParams(window.location.search), out = {};
    ['utm_source', 'utm_medium', 'utm_campaign'].forEach(function (k) {
      if (q.get(k)) out[k] = q.get(k).slice(0, 128);
    });
    return out;
  }

  function describe(lang) {
    var url = base + '/contact/form.json' + (lang ? '?lang=' + encodeURIComponent(lang) : '');
    return fetch(url, { credentials: 'omit', headers: { Accept: 'application/json' } })
      .then(function (r) {
        if (!r.ok) throw new Error('contact form unavailable (' + r.status + ')');
        return r.json();
      });
  }

  function hidden(form, name, value) {
    var i = form.querySelector('input[name="' + name + '"]');
    if (!i) { i = el('input', { type: 'hidden', name: name }); form.appendChild(i); }
    i.value = value;
  }

  /* A site's own <form>: add the token, the idempotency key and the UTM. */
  function enhance(form) {
    describe(form.getAttribute('data-lang') || document.documentElement.lang).then(function (d) {
      hidden(form, 'form_token', d.token);
      hidden(form, 'submission_key', d.submission_key);
      var u = utm();
      Object.keys(u).forEach(function (k) { hidden(form, k, u[k]); });
    }).catch(function (e) { if (window.console) console.warn('piste:', e.message); });
  }

  var fields = [
    ['contact_name', 'ContactName', 'text', 'name', 255, true],
    ['email', 'Email', 'email', 'email', 254, true],
    ['phone', 'Phone', 'tel', 'tel', 64, false],
    ['partner_name', 'PartnerName', 'text', 'organization', 255, false],
    ['name', 'Name', 'text', 'off', 255, false],
    ['description', 'Description', 'textarea', 'off', 5000, true]
  ];

  function render(box, d) {
    var L = d.labels, uid = 'piste' + Math.random().toString(36).slice(2, 8);
    var form = el('form', { method: 'post', action: base + '/contact', 'class': 'piste-contact', novalidate: '' });
    var status = el('p', { 'class': 'piste-status', role: 'alert' });
    form.appendChild(status);
    var errs = {};
    fields.forEach(function (f) {
      var id = uid + '-' + f[0];
      var wrap = el('div', { 'class': 'piste-field' });
      var label = el('label', { 'for': id }, L[f[1]] + (f[5] ? ' *' : ''));
      var input = f[2] === 'textarea'
        ? el('textarea', { id: id, name: f[0], rows: '6', maxlength: String(f[4]) })
        : el('input', { id: id, name: f[0], type: f[2], autocomplete: f[3], maxlength: String(f[4]) });
      if (f[5]) input.required = true;
      var err = el('p', { 'class': 'piste-error', id: id + '-err' });
      errs[f[0]] = { box: err, input: input };
      wrap.appendChild(label); wrap.appendChild(input); wrap.appendChild(err);
      form.appendChild(wrap);
    });
    var hp = el('div', { 'aria-hidden': 'true' });
    /* CSSOM, not a style attribute: allowed by strict CSPs of host pages. */
    hp.style.position = 'absolute'; hp.style.left = '-10000px';
    hp.style.width = '1px'; hp.style.height = '1px'; hp.style.overflow = 'hidden';
    hp.appendChild(el('label', { 'for': uid + '-hp' }, L.Honeypot));
    hp.appendChild(el('input', { id: uid + '-hp', name: d.honeypot, tabindex: '-1', autocomplete: 'off' }));
    form.appendChild(hp);
    if (d.consent && d.consent.show) {
      var c = el('div', { 'class': 'piste-field piste-check' });
      c.appendChild(el('input', { id: uid + '-consent', name: 'consent', type: 'checkbox', value: '1' }));
      c.appendChild(el('label', { 'for': uid + '-consent' }, d.consent.text));
      form.appendChild(c);
    }
    hidden(form, 'form_token', d.token);
    hidden(form, 'submission_key', d.submission_key);
    var u = utm();
    Object.keys(u).forEach(function (k) { hidden(form, k, u[k]); });
    var redirect = box.getAttribute('data-redirect');
    if (redirect) hidden(form, 'redirect', redirect);
    var button = el('button', { type: 'submit' }, L.Send);
    form.appendChild(button);

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      Object.keys(errs).forEach(function (k) {
        errs[k].box.textContent = '';
        errs[k].input.removeAttribute('aria-invalid');
      });
      status.textContent = '';
      var missing = false;
      fields.forEach(function (f) {
        if (f[5] && !errs[f[0]].input.value.trim()) {
          errs[f[0]].box.textContent = L.Required;
          errs[f[0]].input.setAttribute('aria-invalid', 'true');
          missing = true;
        }
      });
      if (missing) return;
      button.disabled = true;
      button.textContent = L.Sending;
      fetch(base + '/contact', {
        method: 'POST', credentials: 'omit',
        headers: { Accept: 'application/json' },
        body: new URLSearchParams(new FormData(form))
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) { return [r.status, j]; });
      }).then(function (res) {
        var st = res[0], j = res[1];
        if (st === 201 || st === 202) {
          if (redirect) { window.location.href = redirect; return; }
          var done = el('div', { 'class': 'piste-thanks', role: 'status' });
          done.appendChild(el('h2', {}, L.Thanks));
          done.appendChild(el('p', {}, L.ThanksText));
          form.replaceWith(done);
          return;
        }
        var e = (j && j.error) || {};
        if (e.field && errs[e.field]) {
          errs[e.field].box.textContent = e.message || '';
          errs[e.field].input.setAttribute('aria-invalid', 'true');
          errs[e.field].input.focus();
        } else {
          status.textContent = e.message || L.NetworkError;
        }
        if (e.key === 'too_fast' || e.key === 'expired' || e.key === 'token') {
          /* A fresh token for the next try. */
          describe(d.lang).then(function (n) { hidden(form, 'form_token', n.token); });
        }
      }).catch(function () {
        status.textContent = L.NetworkError;
      }).then(function () {
        button.disabled = false;
        button.textContent = L.Send;
      });
    });
    box.appendChild(form);
  }

  function start() {
    document.querySelectorAll('form[data-piste-contact]').forEach(enhance);
    document.querySelectorAll('div[data-piste-contact]').forEach(function (box) {
      if (box.getAttribute('data-piste-done')) return;
      box.setAttribute('data-piste-done', '1');
      describe(box.getAttribute('data-lang') || document.documentElement.lang).then(function (d) {
        render(box, d);
      }).catch(function (e) { if (window.console) console.warn('piste:', e.message); });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
