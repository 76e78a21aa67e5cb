// How the chat page shows a person during a handoff (#19): the bot's proactive activities carry
// `channelData.handoff` (handoff/clientMessages.ts). A manager's message gets the manager's name
// above it and an initials avatar instead of the bot's; "joined" and "ended" are events, shown as
// a status line in the transcript; while the client waits, a banner says the manager has been
// notified and since when, with a connecting indicator.
//
// Web Chat renders with its own bundled React (16.8), which it does not expose. Its middleware
// only needs React elements, so `h` builds them as plain objects (type, props, key), the shape
// React's createElement returns; only class names are used, no inline style (the page's CSP).

const REACT_ELEMENT = Symbol.for('react.element');

/**
 * @param {string} type
 * @param {Record<string, unknown>} props
 * @param {...unknown} children
 */
export function h(type, props, ...children) {
  const { key = null, ...rest } = props ?? {};
  const kids = children.flat().filter((c) => c !== null && c !== undefined && c !== false);
  return {
    $$typeof: REACT_ELEMENT,
    type,
    key: key === null ? null : String(key),
    ref: null,
    props: kids.length === 0 ? rest : { ...rest, children: kids.length === 1 ? kids[0] : kids },
    _owner: null,
  };
}

/**
 * @typedef {{ kind: 'message' | 'joined' | 'waiting' | 'ended', author?: { name: string, initials: string, role: 'manager' }, since?: string, text?: string, passedOn?: string }} HandoffData
 */

/** @param {any} activity @returns {HandoffData | undefined} */
export function handoffOf(activity) {
  const data = activity?.channelData?.handoff;
  return data && typeof data === 'object' && typeof data.kind === 'string' ? data : undefined;
}

/**
 * A manager's message as Web Chat keeps it: `from` carries the person's name (Web Chat's screen
 * reader text names the sender from it), the role stays the bot side's.
 * @param {any} activity
 */
export function asPerson(activity) {
  const data = handoffOf(activity);
  if (data?.kind !== 'message' || !data.author?.name) return activity;
  return { ...activity, from: { ...activity.from, id: `handoff-${data.author.role}`, name: data.author.name, role: 'bot' } };
}

/** Renders handoff events as status lines, and a manager's messages under their name. */
export function handoffActivityMiddleware() {
  return (/** @type {any} */ next) =>
    (/** @type {any[]} */ ...setupArgs) => {
      const activity = setupArgs[0]?.activity;
      const data = handoffOf(activity);
      // "joined"/"ended" as a status line; a waiting event only when it acknowledges a message ("passed on").
      const line = activity?.type === 'event' && data ? (data.kind === 'waiting' ? data.passedOn : data.text) : undefined;
      if (line) return () => h('p', { className: `handoff-event handoff-event-${data.kind}` }, line);
      const render = next(...setupArgs);
      if (!render || data?.kind !== 'message' || !data.author) return render;
      return (/** @type {any[]} */ ...renderArgs) =>
        h('div', { className: 'handoff-message' }, h('p', { key: 'author', className: 'handoff-author' }, data.author.name), h('div', { key: 'activity' }, render(...renderArgs)));
    };
}

/** The manager's initials instead of the bot's avatar. */
export function handoffAvatarMiddleware() {
  return (/** @type {any} */ next) => (/** @type {any} */ args) => {
    const data = handoffOf(args?.activity);
    if (data?.kind === 'message' && data.author?.initials && !args.fromUser) {
      return () => h('div', { className: 'handoff-avatar', 'aria-hidden': 'true' }, data.author.initials);
    }
    return next(args);
  };
}

/**
 * Web Chat groups consecutive activities of the bot side as one sender (one avatar for the
 * group); a manager's messages are their own group, so their initials are shown, not the bot's.
 */
export function handoffGroupActivitiesMiddleware() {
  return (/** @type {any} */ next) => (/** @type {any} */ args) => {
    const groups = next(args);
    if (!groups?.sender) return groups;
    const isManager = (/** @type {any} */ activity) => handoffOf(activity)?.kind === 'message';
    /** @type {any[][]} */
    const sender = [];
    for (const group of groups.sender) {
      let current = /** @type {any[]} */ ([]);
      for (const activity of group) {
        if (current.length && isManager(current[current.length - 1]) !== isManager(activity)) {
          sender.push(current);
          current = [];
        }
        current.push(activity);
      }
      if (current.length) sender.push(current);
    }
    return { ...groups, sender };
  };
}
