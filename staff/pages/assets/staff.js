/*
 * Staff workspace page script (served as a file: the CSP allows no inline script).
 * Everything works without it; it only
 *  - asks before ending a conversation (forms with data-confirm), and
 *  - on a ticket page, polls the ticket's JSON every few seconds and shows new relay messages,
 *    or a "reload" notice when someone changed the ticket (accepted, ended).
 * Text from the server is only ever put into the page with textContent.
 */
/* global document, window */
(function () {
  'use strict';

  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });

  /**
   * Live updates (#19): Server-Sent Events from /staff/events name a ticket that changed (never
   * its content). The queue re-reads this page's list; a ticket page polls its JSON at once.
   * Without EventSource the page still works (reload, and the ticket page's polling).
   */
  function listen(url, onTicket, onState) {
    if (!url || typeof window.EventSource !== 'function') return;
    var source = new window.EventSource(url);
    source.addEventListener('open', function () { onState(true); });
    source.addEventListener('error', function () { onState(false); });
    source.addEventListener('ticket', function (event) {
      var change;
      try {
        change = JSON.parse(event.data);
      } catch {
        return;
      }
      if (change && typeof change.id === 'string') onTicket(change);
    });
  }

  var queue = document.getElementById('queue');
  if (queue) {
    var queueList = document.getElementById('queue-list');
    var queueStatus = document.getElementById('queue-status');
    var liveState = document.getElementById('live-state');
    var notifyButton = document.getElementById('enable-notifications');
    var refreshTimer = null;
    var refreshQueue = function (announce) {
      window
        .fetch(window.location.pathname + window.location.search, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'text/html' } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (page) {
          if (!page) return;
          // Our own page, already escaped by the server; only its list is taken over.
          var fresh = new window.DOMParser().parseFromString(page, 'text/html').getElementById('queue-list');
          if (!fresh) return;
          queueList.replaceChildren.apply(queueList, Array.prototype.map.call(fresh.childNodes, function (node) { return document.importNode(node, true); }));
          if (announce && queueStatus) queueStatus.textContent = queue.dataset.textUpdated || '';
        })
        .catch(function () {
          // Offline for a moment: the next event or tick tries again.
        });
    };
    listen(
      queue.dataset.eventsUrl,
      function (change) {
        if (change.event === 'created' && window.Notification && window.Notification.permission === 'granted') {
          try {
            new window.Notification(queue.dataset.newTicketText || '', { tag: 'staff-' + change.id });
          } catch {
            // Some browsers allow notifications only from a service worker: the list still updates.
          }
        }
        window.clearTimeout(refreshTimer);
        refreshTimer = window.setTimeout(function () { refreshQueue(true); }, 200);
      },
      function (live) {
        if (liveState) liveState.textContent = live ? liveState.dataset.textLive : liveState.dataset.textOffline;
      },
    );
    // The waiting times count on: the list is read again every minute.
    window.setInterval(function () {
      if (!document.hidden) refreshQueue(false);
    }, 60000);
    if (notifyButton && window.Notification && window.Notification.permission === 'default') {
      notifyButton.hidden = false;
      notifyButton.addEventListener('click', function () {
        window.Notification.requestPermission().then(function () {
          notifyButton.hidden = true;
        });
      });
    }
  }

  var relay = document.getElementById('relay');
  if (!relay || !relay.dataset.pollUrl) return;

  var list = document.getElementById('relay-messages');
  var empty = document.getElementById('relay-empty');
  var changed = document.getElementById('ticket-changed');
  var data = relay.dataset;
  var intervalMs = Math.max(2, Number(data.pollSeconds) || 5) * 1000;
  var shownSignature = signatureOfPage();
  var stopped = false;

  var timeFormat;
  try {
    timeFormat = new Intl.DateTimeFormat(data.lang === 'cs' ? 'cs-CZ' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: data.timeZone });
  } catch {
    // An unknown time zone in this browser: its own zone is better than nothing.
    timeFormat = new Intl.DateTimeFormat();
  }

  function signatureOfPage() {
    return list ? String(list.children.length) + ':' + String(list.querySelectorAll('.pending').length) : '';
  }

  function signatureOf(messages) {
    var pending = messages.filter(function (m) { return m.direction === 'to_client' && !m.deliveredAt; }).length;
    return String(messages.length) + ':' + String(pending);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function messageItem(message) {
    var fromClient = message.direction === 'to_manager';
    var item = element('li', 'line ' + (fromClient ? 'from-client' : 'from-manager'));
    var meta = element('p', 'meta');
    meta.appendChild(element('span', 'author', fromClient ? data.labelClient : message.author));
    meta.appendChild(document.createTextNode(' · '));
    meta.appendChild(element('span', 'direction', fromClient ? data.labelToManager : data.labelToClient));
    meta.appendChild(document.createTextNode(' · '));
    var time = element('time', '', timeFormat.format(new Date(message.at)));
    time.setAttribute('datetime', message.at);
    meta.appendChild(time);
    if (!fromClient && !message.deliveredAt) {
      meta.appendChild(document.createTextNode(' · '));
      meta.appendChild(element('span', 'pending', data.labelPending));
    }
    item.appendChild(meta);
    item.appendChild(element('p', 'text', message.text));
    return item;
  }

  function render(ticket) {
    var messages = Array.isArray(ticket.messages) ? ticket.messages : [];
    var signature = signatureOf(messages);
    if (signature !== shownSignature) {
      var items = messages.map(messageItem);
      list.replaceChildren.apply(list, items);
      if (empty) empty.hidden = messages.length > 0;
      shownSignature = signature;
    }
    // Buttons on the page follow the status it was rendered with; a change needs a reload.
    if (changed && (ticket.status !== data.status || (ticket.acceptedBy || '') !== data.acceptedBy)) changed.hidden = false;
  }

  var timer = null;
  var polling = false;
  var pollAgain = false;
  function poll(now) {
    if (stopped) return;
    // One request at a time: an event during a request asks for one more right after it.
    if (polling) {
      pollAgain = true;
      return;
    }
    window.clearTimeout(timer);
    if (document.hidden && !now) return schedule();
    polling = true;
    window
      .fetch(data.pollUrl, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (response) {
        // Signed out or the ticket is gone: stop; the next reload shows why.
        if (response.status === 401 || response.status === 404) {
          stopped = true;
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (ticket) {
        if (ticket) render(ticket);
      })
      .catch(function () {
        // A network hiccup: try again at the next tick.
      })
      .then(function () {
        polling = false;
        if (pollAgain) {
          pollAgain = false;
          poll(true);
        } else schedule();
      });
  }

  function schedule() {
    if (!stopped) timer = window.setTimeout(poll, intervalMs);
  }

  var ticketId = relay.dataset.ticketId;
  listen(relay.dataset.eventsUrl, function (change) {
    if (change.id === ticketId) poll(true);
  }, function () {});

  schedule();
})();
