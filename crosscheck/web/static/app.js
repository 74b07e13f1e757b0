/* The self-check page: a dropped, chosen or pasted report goes to /api/check; the report
   section it returns (escaped and drawn by the server, crosscheck/report/html.py) is shown
   and given report.js's behaviour. Messages are set as text, never as markup. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("cc-config").textContent);
  var drop = document.getElementById("cc-drop");
  var picker = document.getElementById("cc-file");
  var pasted = document.getElementById("cc-text");
  var statusBox = document.getElementById("cc-status");
  var errorBox = document.getElementById("cc-error");
  var downloads = document.getElementById("cc-downloads");
  var result = document.getElementById("cc-result");
  var upload = document.getElementById("cc-upload");
  var latest = 0; // the newest request: an older answer arriving late is not shown

  function say(key, fields) {
    return config.messages[key].replace(/\{(\w+)\}/g, function (_, name) {
      return fields && name in fields ? String(fields[name]) : "";
    });
  }
  function showError(text) {
    statusBox.textContent = "";
    errorBox.textContent = text;
    errorBox.hidden = false;
  }
  function clear() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    statusBox.textContent = "";
  }
  function query(name, extra) {
    var q = "?name=" + encodeURIComponent(name) + "&lang=" + encodeURIComponent(config.lang);
    return extra ? q + extra : q;
  }
  function failure(name, response) {
    return response.json().then(function (body) {
      var message = body && body.error ? body.error.message : response.statusText;
      throw new Error(say("web_failed", { name: name, message: message }));
    }, function () {
      throw new Error(say("web_failed", { name: name, message: response.status + " " + response.statusText }));
    });
  }

  function check(blob, name) {
    var ticket = ++latest;
    clear();
    statusBox.textContent = say("web_checking", { name: name });
    document.body.classList.add("cc-busy");
    fetch("/api/precheck" + query(name, "&size=" + blob.size))
      .then(function (response) { return response.ok ? null : failure(name, response); })
      .then(function () {
        return fetch("/api/check" + query(name), { method: "POST", body: blob });
      })
      .then(function (response) { return response.ok ? response.json() : failure(name, response); })
      .then(function (data) {
        if (ticket !== latest) return;
        show(data);
      })
      .catch(function (error) {
        if (ticket !== latest) return;
        var text = error instanceof TypeError ? say("web_network", { message: error.message }) : error.message;
        showError(text);
      })
      .then(function () {
        if (ticket === latest) document.body.classList.remove("cc-busy");
      });
  }

  function show(data) {
    clear();
    result.innerHTML = data.html; // the server's section: every document character escaped
    var section = result.querySelector(".cc-report");
    if (window.crosscheckReport) window.crosscheckReport.init(section);
    downloads.querySelectorAll("a.cc-dl").forEach(function (link) {
      link.href = "/api/report/" + encodeURIComponent(data.token) + "/" + link.getAttribute("data-format");
    });
    downloads.hidden = false;
    upload.classList.add("cc-compact");
    document.body.classList.add("cc-has-result");
  }

  function take(files) {
    if (files && files.length) check(files[0], files[0].name);
  }

  drop.addEventListener("click", function (event) {
    if (event.target !== picker && !event.target.closest("label")) picker.click();
  });
  drop.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); picker.click(); }
  });
  picker.addEventListener("change", function () { take(picker.files); picker.value = ""; });
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (event) { event.preventDefault(); drop.classList.add("cc-over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove("cc-over"); });
  });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    take(event.dataTransfer && event.dataTransfer.files);
  });
  // A file dropped beside the zone must not make the browser leave the page to open it.
  window.addEventListener("dragover", function (event) { event.preventDefault(); });
  window.addEventListener("drop", function (event) { event.preventDefault(); });

  document.getElementById("cc-paste-go").addEventListener("click", function () {
    if (!pasted.value.trim()) { showError(say("web_paste_empty")); return; }
    check(new Blob([pasted.value], { type: "text/plain;charset=utf-8" }), config.pasteName);
  });
  document.getElementById("cc-again").addEventListener("click", function () {
    latest++;
    clear();
    result.textContent = "";
    downloads.hidden = true;
    upload.classList.remove("cc-compact");
    document.body.classList.remove("cc-has-result", "cc-busy");
    drop.focus();
  });
})();
