// Suggests people by name or username while typing in "To": the browser's own datalist shows them.
(function () {
  "use strict";
  var input = document.getElementById("id_recipient");
  var list = document.getElementById("people-options");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var last = "";
  function fill(users) {
    list.textContent = "";
    users.slice(0, 8).forEach(function (u) {
      var option = document.createElement("option");
      option.value = u.username;
      option.label = u.name + " · " + (u.userType === "watcher" ? "Watcher" : (u.userType || "")) +
        (u.companyName ? " · " + u.companyName : "");
      list.appendChild(option);
    });
  }
  input.addEventListener("input", function () {
    var q = input.value.trim().replace(/^@/, "");
    if (q.length < 2 || q === last) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      last = q;
      fetch("/api/users/search?limit=8&q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          if (!body) { return; }
          var data = body.data || body;
          fill(data.users || []);
        })
        .catch(function () { /* suggestions are a convenience; typing a username still works */ });
    }, 200);
  });
}());
