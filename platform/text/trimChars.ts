/**
 * Trimming a set of characters from the ends of a string, in one linear pass.
 *
 * Why not `text.replace(/[.!]+$/, '')`: an unanchored "run then end of input" pattern is
 * retried from every position of a long run that is not at the end ("!!!!…!x"), which is
 * quadratic in the run's length; clients and attackers choose the input. These loops look at
 * each character at most once. `test/platform/regexComplexity.test.ts` keeps such patterns out.
 */
export function trimEndChars(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) end--;
  return end === text.length ? text : text.slice(0, end);
}

export function trimStartChars(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text[start]!)) start++;
  return start === 0 ? text : text.slice(start);
}

export function trimChars(text: string, chars: string): string {
  return trimStartChars(trimEndChars(text, chars), chars);
}
