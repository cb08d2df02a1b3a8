/* Customer portal: the signature pad (signature_pad on a canvas). Without
 * JavaScript the form still works with the typed name only. The drawing is
 * sent as a PNG data URL in the hidden "signature" field. */
(function () {
  "use strict";
  var pad = document.getElementById("sigpad");
  var canvas = document.getElementById("sig-canvas");
  var form = document.getElementById("sign-form");
  if (!pad || !canvas || !form || typeof SignaturePad === "undefined") return;
  pad.hidden = false;
  var sp;
  function resize() {
    /* Draw at the device's pixel ratio (sharp on phones) but keep the PNG
     * within the server's limits (2000 x 1000). */
    var ratio = Math.min(window.devicePixelRatio || 1, 2);
    var w = canvas.offsetWidth, h = canvas.offsetHeight;
    var data = sp && !sp.isEmpty() ? sp.toData() : null;
    canvas.width = Math.min(Math.round(w * ratio), 2000);
    canvas.height = Math.min(Math.round(h * ratio), 1000);
    canvas.getContext("2d").scale(canvas.width / w, canvas.height / h);
    if (sp) { sp.clear(); if (data) sp.fromData(data); }
  }
  sp = new SignaturePad(canvas, { backgroundColor: "rgba(255,255,255,0)" });
  resize();
  window.addEventListener("resize", resize);
  document.getElementById("sig-clear").addEventListener("click", function () { sp.clear(); });
  form.addEventListener("submit", function () {
    document.getElementById("signature-data").value = sp.isEmpty() ? "" : sp.toDataURL("image/png");
  });
})();
