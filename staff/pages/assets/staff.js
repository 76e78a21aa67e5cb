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

  function poll() {
    if (stopped) return;
    if (document.hidden) return schedule();
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
      .then(schedule);
  }

  function schedule() {
    if (!stopped) window.setTimeout(poll, intervalMs);
  }

  schedule();
})();
