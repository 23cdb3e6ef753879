/* Pitchey live updates for server-rendered pages: the notification bell on every page, and on the
   messages page new messages, read receipts and the typing indicator. Elements with
   data-live-channels name more channels to join; events without a handler here are re-dispatched
   on the document as "pitchey:<type>" for page scripts. Pages work without it. */
(function () {
  "use strict";

  var socket = null;
  var retry = 0;
  var heartbeat = null;
  var list = document.getElementById("message-list");
  var conversationId = list ? Number(list.dataset.conversationId) : null;
  var myId = list ? Number(list.dataset.userId) : null;
  var typingTimer = null;
  var typingSentAt = 0;
  var typingHide = null;
  var unsent = "";

  function wsUrl(token) {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    var url = scheme + "//" + window.location.host + "/ws";
    return token ? url + "?token=" + encodeURIComponent(token) : url;
  }

  function send(type, data) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: type, data: data || {} }));
      return true;
    }
    return false;
  }

  function setBell(count) {
    var badge = document.getElementById("notification-count");
    if (!badge || typeof count !== "number") return;
    badge.textContent = String(count);
    badge.dataset.count = String(count);
    badge.hidden = count === 0;
    var bell = document.getElementById("notification-bell");
    if (bell) bell.setAttribute("aria-label", "Notifications, " + count + " unread");
  }

  function appendMessage(message) {
    if (!list || message.conversationId !== conversationId) return;
    if (list.querySelector('[data-message-id="' + message.id + '"]')) return;
    var item = document.createElement("li");
    item.className = "message" + (message.senderId === myId ? " mine" : "");
    item.dataset.messageId = String(message.id);
    var sender = document.createElement("span");
    sender.className = "sender";
    sender.textContent = message.senderName || (message.sender && message.sender.name) || "";
    var content = document.createElement("span");
    content.className = "content";
    content.textContent = message.content;
    var time = document.createElement("time");
    time.className = "muted";
    time.textContent = new Date(message.timestamp || message.createdAt).toLocaleTimeString();
    item.append(sender, content, time);
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }

  function fullMessage(event) {
    // The push carries at most 200 characters; fetch the whole message over REST when longer.
    if (event.content.length < 200) return Promise.resolve(event);
    return fetch("/api/messages/" + event.id, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (body) { return Object.assign({}, event, { content: body.data.message.content }); })
      .catch(function () { return event; });
  }

  function bumpConversation(event) {
    var row = document.querySelector('#conversation-list [data-conversation-id="' + event.conversationId + '"]');
    if (!row) return;
    var last = row.querySelector(".last-message");
    if (last) last.textContent = event.content.slice(0, 60);
    if (event.conversationId !== conversationId && event.senderId !== myId) {
      var badge = row.querySelector(".unread-count");
      if (badge) {
        var n = Number(badge.dataset.count || 0) + 1;
        badge.dataset.count = String(n);
        badge.textContent = String(n);
        badge.hidden = false;
      }
    }
    row.parentNode.prepend(row);
  }

  function showTyping(data) {
    var indicator = document.getElementById("typing-indicator");
    if (!indicator || data.conversationId !== conversationId || data.userId === myId) return;
    clearTimeout(typingHide);
    if (data.isTyping) {
      indicator.textContent = (data.name || data.username) + " is typing…";
      indicator.hidden = false;
      typingHide = setTimeout(function () { indicator.hidden = true; }, 6000);
    } else {
      indicator.hidden = true;
    }
  }

  var creditEntry = 0;

  function setCredits(data) {
    // Pushes can arrive out of order; the ledger entry id says which balance is newest.
    if (typeof data.balance !== "number" || (data.entryId || 0) < creditEntry) return;
    creditEntry = data.entryId || creditEntry;
    document.querySelectorAll("[data-credit-balance]").forEach(function (node) {
      node.textContent = String(data.balance);
    });
    var pill = document.getElementById("credit-balance");
    if (!pill) return;
    pill.dataset.balance = String(data.balance);
    pill.lastChild.textContent = data.balance === 1 ? " credit" : " credits";
  }

  var handlers = {
    subscribed: function () { document.documentElement.dataset.subscribed = "yes"; },
    initial_data: function (data) { setBell(data.unreadCount); },
    notification: function (data) { setBell(data.unreadCount); },
    notifications_read: function (data) { setBell(data.unreadCount); },
    notification_read_ack: function (data) { setBell(data.unreadCount); },
    notifications_cleared: function () { setBell(0); },
    chat_message: function (data) {
      bumpConversation(data);
      if (data.conversationId === conversationId) {
        fullMessage(data).then(appendMessage);
        showTyping({ conversationId: conversationId, userId: data.senderId, isTyping: false });
        if (data.senderId !== myId && document.visibilityState === "visible") {
          send("mark_read", { conversationId: conversationId, messageId: data.id });
        }
      }
    },
    message_deleted: function (data) {
      var item = list && list.querySelector('[data-message-id="' + data.id + '"] .content');
      if (item) item.textContent = "Message deleted";
    },
    typing: showTyping,
    credits_update: setCredits,
    message_sent: function () {
      var note = document.getElementById("composer-error");
      if (note) note.remove();
    },
    error: function (data) {
      // A message the server refused (no credits, blocked...) goes back into the box, with why.
      if (data.requestType !== "send_message" || !composer) return;
      var input = composer.querySelector("textarea");
      if (input && !input.value) input.value = unsent;
      var note = document.getElementById("composer-error");
      if (!note) {
        note = document.createElement("p");
        note.id = "composer-error";
        note.className = "flash flash-error";
        note.setAttribute("role", "alert");
        composer.prepend(note);
      }
      note.textContent = data.message || "The message was not sent.";
      if (data.code === "INSUFFICIENT_CREDITS") {
        var link = document.createElement("a");
        link.href = "/billing/credits/";
        link.textContent = " Buy credits";
        note.appendChild(link);
      }
    },
  };

  function connect(token) {
    socket = new WebSocket(wsUrl(token));
    socket.addEventListener("open", function () {
      retry = 0;
      document.documentElement.dataset.realtime = "open";
      if (conversationId) send("subscribe", { channelId: "conversation." + conversationId });
      var live = [];
      document.querySelectorAll("[data-live-channels]").forEach(function (node) {
        live = live.concat(node.dataset.liveChannels.split(/\s+/).filter(Boolean));
      });
      if (live.length) send("subscribe", { channels: live });
      heartbeat = setInterval(function () { send("ping", { timestamp: Date.now() }); }, 25000);
    });
    socket.addEventListener("message", function (event) {
      var envelope;
      try { envelope = JSON.parse(event.data); } catch (e) { return; }
      var handler = handlers[envelope.type];
      if (handler) handler(envelope.data || {});
      else document.dispatchEvent(new CustomEvent("pitchey:" + envelope.type, { detail: envelope.data || {} }));
    });
    socket.addEventListener("close", function (event) {
      clearInterval(heartbeat);
      document.documentElement.dataset.realtime = "closed";
      if (event.code === 4401 || event.code === 4429) return;
      retry = Math.min(retry + 1, 6);
      setTimeout(start, 1000 * Math.pow(2, retry) * (0.5 + Math.random() / 2));
    });
  }

  function start() {
    fetch("/api/ws/token", { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { connect(body && ((body.data && body.data.token) || body.token)); })
      .catch(function () { connect(null); });
  }

  var composer = document.getElementById("composer");
  if (composer && conversationId) {
    var input = composer.querySelector("textarea");
    input.addEventListener("input", function () {
      var now = Date.now();
      if (now - typingSentAt > 2500) {
        typingSentAt = now;
        send("typing_start", { conversationId: conversationId });
      }
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () {
        typingSentAt = 0;
        send("typing_stop", { conversationId: conversationId });
      }, 3000);
    });
    composer.addEventListener("submit", function (event) {
      var content = input.value.trim();
      if (!content) return;
      if (send("send_message", { conversationId: conversationId, content: content, tempId: String(Date.now()) })) {
        event.preventDefault();
        unsent = content;
        input.value = "";
        clearTimeout(typingTimer);
        typingSentAt = 0;
        send("typing_stop", { conversationId: conversationId });
      }
    });
  }
  if (list) list.scrollTop = list.scrollHeight;

  if ("WebSocket" in window) start();
})();
