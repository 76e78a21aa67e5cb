import { trimEndChars } from '../../platform/text/trimChars.js';

/**
 * An ATX heading line ("## Claims ##"): its level and its text without the closing hashes.
 * Written as an anchored pattern plus trimming rather than one `(.+?)\s*#*\s*$` pattern,
 * which backtracks quadratically on a long line of spaces or hashes in a pasted document.
 */
export function atxHeading(line: string): { level: number; text: string } | undefined {
  const match = /^(#{1,6})[ \t]+(\S.*)$/.exec(line.trim());
  if (!match) return undefined;
  const text = trimEndChars(trimEndChars(match[2]!, ' \t'), '#').trimEnd();
  return { level: match[1]!.length, text: text || match[2]! };
}
