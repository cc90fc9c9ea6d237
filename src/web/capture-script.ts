/**
 * The one script of the dashboard, on the capture pages only (their Content-Security-Policy allows
 * `script-src 'self'` and `connect-src 'self'`; every other page stays without script): it sends
 * the chosen file as the request's body — `Content-Type: application/octet-stream`, the session's
 * CSRF token in `X-CSRF-Token`, the name percent-encoded in `X-Capture-Name` (see upload.ts) — so
 * the server has no multipart framing to parse, and shows the upload's progress. A file above the
 * cap is refused before a byte is sent. The server's answer is shown as it came: the result page
 * (the redirect XHR followed) or the page with its message. Without script, or when the browser
 * lacks what it needs, the form posts as multipart and the server reads that.
 *
 * Plain ES2017, written out here (no bundler); served as /static/capture.js.
 */
export const CAPTURE_SCRIPT_PATH = '/static/capture.js';

export const CAPTURE_SCRIPT = `'use strict';
(function () {
  function bind() {
    var form = document.getElementById('capture-form');
    if (!form || typeof XMLHttpRequest === 'undefined' || typeof encodeURIComponent !== 'function') return;
    form.addEventListener('submit', function (ev) {
      var input = form.querySelector('input[type=file]');
      var file = input && input.files && input.files[0];
      var csrf = form.querySelector('input[name=csrf]');
      if (!file || !csrf) return;
      ev.preventDefault();
      var note = document.getElementById('capture-note');
      var show = function (text) {
        if (!note) return;
        note.textContent = text;
        note.hidden = false;
      };
      if (file.size > Number(form.getAttribute('data-max'))) {
        show(form.getAttribute('data-too-large') || '');
        return;
      }
      var button = form.querySelector('button[type=submit]');
      var progress = document.getElementById('capture-progress');
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.getAttribute('action') || '/capture');
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.setRequestHeader('X-CSRF-Token', csrf.value);
      xhr.setRequestHeader('X-Capture-Name', encodeURIComponent(file.name));
      xhr.responseType = 'document';
      if (progress) {
        progress.value = 0;
        progress.hidden = false;
        xhr.upload.onprogress = function (e) {
          if (e.lengthComputable && e.total > 0) progress.value = e.loaded / e.total;
        };
      }
      if (button) button.disabled = true;
      var again = function () {
        if (button) button.disabled = false;
        if (progress) progress.hidden = true;
      };
      xhr.onload = function () {
        var at = xhr.responseURL ? new URL(xhr.responseURL) : null;
        if (xhr.status === 200 && at && /^\\/capture\\/[0-9a-f]{24}$/.test(at.pathname)) {
          location.assign(at.pathname);
          return;
        }
        var doc = xhr.response;
        var main = doc && doc.getElementById && doc.getElementById('main');
        var here = document.getElementById('main');
        if (main && here) {
          here.replaceWith(document.adoptNode(main));
          bind();
          var alert = document.querySelector('#main .error');
          if (alert && alert.focus) {
            alert.setAttribute('tabindex', '-1');
            alert.focus();
          }
        } else {
          again();
          show(form.getAttribute('data-failed') || '');
        }
      };
      xhr.onerror = function () {
        again();
        show(form.getAttribute('data-failed') || '');
      };
      xhr.send(file);
    });
  }
  bind();
})();
`;
