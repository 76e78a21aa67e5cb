// The bot cites like Teams: "[1]" markers in the text and a schema.org Message entity whose
// `citation` Claims carry the sources. Web Chat 4.18 renders citations from Markdown link
// definitions ("[1]: cite:1 \"Title\"") matched to those Claims by position, and opens a Claim's
// `appearance.text` in its dialog. This adds both, so the same bot message renders in both clients.

const MESSAGE_ENTITY = 'https://schema.org/Message';

/** @param {string} value */
function quoteTitle(value) {
  return `"${value.replace(/["\\]/g, "'").replace(/\s+/g, ' ').trim()}"`;
}

/**
 * @param {any} activity an incoming Direct Line activity
 * @returns {any} the same activity, or a copy prepared for Web Chat's citation rendering
 */
export function adaptCitations(activity) {
  if (!activity || activity.type !== 'message' || typeof activity.text !== 'string' || !Array.isArray(activity.entities)) return activity;
  const message = activity.entities.find((entity) => entity && entity.type === MESSAGE_ENTITY && Array.isArray(entity.citation));
  if (!message) return activity;

  const definitions = [];
  const citation = message.citation.map((claim) => {
    const position = Number(claim && claim.position);
    const appearance = (claim && claim.appearance) || {};
    const marker = `[${position}]`;
    const alreadyDefined = activity.text.includes(`${marker}:`);
    if (Number.isInteger(position) && activity.text.includes(marker) && !alreadyDefined) {
      definitions.push(`${marker}: cite:${position} ${quoteTitle(String(appearance.name || marker))}`);
    }
    // Teams shows `abstract`; Web Chat's citation dialog shows `text`.
    return appearance.text || !appearance.abstract ? claim : { ...claim, appearance: { ...appearance, text: appearance.abstract } };
  });
  if (definitions.length === 0) return activity;

  return {
    ...activity,
    text: `${activity.text}\n\n${definitions.join('\n')}`,
    entities: activity.entities.map((entity) => (entity === message ? { ...message, citation } : entity)),
  };
}
