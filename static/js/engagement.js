/* The pitch page's Pitchey Score, feedback and comments, kept live: a pushed event only says that
   something changed, so the panel's read-only parts are fetched again over HTTP (where the
   anonymity of authors applies) and swapped in; forms being typed into are left alone. */
(function () {
  "use strict";

  var panel = document.getElementById("engagement");
  if (!panel) return;
  var pitchId = panel.dataset.pitchId;
  var parts = ["score-value", "score-count", "comment-count", "comment-thread", "feedback-list", "feedback-summary"];
  var timer = null;

  function refresh() {
    fetch("/pitch/" + pitchId + "/engagement/", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        parts.forEach(function (id) {
          var now = document.getElementById(id);
          var next = fresh.getElementById(id);
          if (now && next) now.replaceWith(next);
        });
        panel.dataset.refreshed = String(Number(panel.dataset.refreshed || 0) + 1);
      });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  document.addEventListener("pitchey:pitch_comment", function (event) {
    if (String(event.detail.pitchId) === pitchId) soon();
  });
  document.addEventListener("pitchey:pitch_engagement", function (event) {
    if (String(event.detail.pitchId) === pitchId) soon();
  });

  // The feedback gate: the server counts the time between requests, so the page checks in while
  // it is being read; the countdown only tells the reader how long is left.
  var gate = document.getElementById("feedback-gate");
  if (gate) {
    var left = Number(gate.dataset.secondsNeeded || 0);
    var ticker = setInterval(function () {
      left = Math.max(0, left - 1);
      if (left > 0) {
        gate.textContent = "Feedback opens after 30 seconds on the pitch: read on for another " + left + " seconds.";
      }
    }, 1000);
    var check = function () {
      if (document.visibilityState !== "visible") return;
      fetch("/api/pitches/" + pitchId + "/consumption-status", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          if (body && body.eligible) {
            clearInterval(ticker);
            clearInterval(poll);
            gate.textContent = "You can now leave feedback.";
            gate.dataset.open = "yes";
          }
        });
    };
    var poll = setInterval(check, 10000);
    setTimeout(check, Math.min(left, 30) * 1000 + 500);
  }
})();
