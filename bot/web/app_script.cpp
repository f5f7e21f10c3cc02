// The workbench's one script, served by the bot (no framework, nothing from outside). Pages work
// without it except for the two things a form post cannot do well: sending chosen files one by
// one with progress, and the result's preview while typing.
#include "bot/web/html.h"

namespace hotline::bot::web {

http::Response script() {
    http::Response r;
    r.content_type = "text/javascript; charset=utf-8";
    r.headers["Cache-Control"] = "max-age=3600";
    r.body = R"JS('use strict';
(function () {
  // Uploads: each file is the body of its own request, so one too large or of the wrong type does
  // not lose the others; what the bot answered is shown per file, and kept across the reload.
  var KEY = 'hotline-upload-status';
  function messageOf(response, text) {
    if (response.status === 413 && !/^[\u4e00-\u9fff]/.test(text)) return '文件过大，未保存。';
    if ((response.headers.get('Content-Type') || '').indexOf('text/plain') === 0) return text;
    var p = new DOMParser().parseFromString(text, 'text/html').querySelector('main p');
    return p ? p.textContent : '上传失败（HTTP ' + response.status + '），请重试。';
  }
  document.querySelectorAll('form.upload').forEach(function (form) {
    var status = form.querySelector('.status');
    var kept = sessionStorage.getItem(KEY);
    if (kept) { status.textContent = kept; sessionStorage.removeItem(KEY); }
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var files = Array.from(form.querySelector('input[type=file]').files);
      if (!files.length) { status.textContent = '请先选择要上传的照片或PDF文件。'; return; }
      var csrf = form.querySelector('input[name=csrf]').value;
      var button = form.querySelector('button');
      button.disabled = true;
      var lines = [], saved = 0;
      for (var i = 0; i < files.length; i++) {
        status.textContent = '正在上传第' + (i + 1) + '个（共' + files.length + '个）：' + files[i].name + ' …';
        try {
          var response = await fetch(form.action, {
            method: 'POST', body: files[i], credentials: 'same-origin',
            headers: { 'X-CSRF-Token': csrf, 'X-File-Name': encodeURIComponent(files[i].name),
                       'Content-Type': files[i].type || 'application/octet-stream' } });
          lines.push(files[i].name + '：' + messageOf(response, await response.text()));
          if (response.ok) saved++;
        } catch (e) {
          lines.push(files[i].name + '：网络中断，未保存，请重试。');
        }
      }
      button.disabled = false;
      status.textContent = lines.join('\n');
      if (saved) { sessionStorage.setItem(KEY, status.textContent); location.reload(); }
    });
  });

  // The result form: both documents again a moment after the person stops typing (nothing saved).
  var result = document.querySelector('form.result');
  var preview = document.getElementById('preview');
  if (result && preview) {
    var timer = null;
    result.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(async function () {
        try {
          var response = await fetch('/web/result/preview', {
            method: 'POST', credentials: 'same-origin', body: new URLSearchParams(new FormData(result)) });
          if (response.ok) preview.innerHTML = await response.text();  // escaped by the bot
        } catch (e) { /* the saved preview stays; saving still works */ }
      }, 400);
    });
  }
})();
)JS";
    return r;
}

}  // namespace hotline::bot::web
