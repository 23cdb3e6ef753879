// Uploads a pitch document over XHR so the creator sees progress; without JS the form posts normally.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var body = new FormData();
    body.append("file", data.get("file"));
    body.append("pitchId", form.dataset.pitchId);
    body.append("documentType", data.get("document_type"));
    body.append("title", data.get("title") || "");
    body.append("requiresNda", data.get("requires_nda") ? "true" : "false");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/upload");
    xhr.setRequestHeader("X-CSRFToken", data.get("csrfmiddlewaretoken"));
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 201) {
        bar.value = 100;
        status.textContent = "Uploaded.";
        window.location.reload();
        return;
      }
      var message = "The upload failed.";
      try {
        var err = JSON.parse(xhr.responseText).error;
        message = err.message + (err.details && err.details.file ? " " + err.details.file.join(" ") : "");
      } catch (ignored) { /* keep the generic message */ }
      status.textContent = message;
    });
    xhr.addEventListener("error", function () { status.textContent = "The upload failed."; });
    bar.hidden = false;
    status.textContent = "Uploading…";
    xhr.send(body);
  });
}());
