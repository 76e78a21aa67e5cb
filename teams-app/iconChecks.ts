import { decodePng, pngInfo } from './png.js';

/** What Teams requires of the two app icons. */
export const ICON_RULES = {
  color: { size: 192 },
  outline: { size: 32 },
} as const;

/**
 * Problems with an icon, empty when it is fine: a PNG of the required size; the outline icon
 * may only be white, with transparency (Teams tints it and rejects any other colour).
 */
export function iconProblems(kind: keyof typeof ICON_RULES, png: Uint8Array): string[] {
  let info;
  try {
    info = pngInfo(png);
  } catch (error) {
    return [`${kind} icon: ${(error as Error).message}`];
  }
  const { size } = ICON_RULES[kind];
  const problems: string[] = [];
  if (info.width !== size || info.height !== size) problems.push(`${kind} icon must be ${size}×${size}, is ${info.width}×${info.height}`);
  if (kind !== 'outline') return problems;
  const { data } = decodePng(png);
  let opaque = 0;
  let transparent = 0;
  let coloured = 0;
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3]!;
    if (alpha === 0) transparent++;
    else {
      if (alpha === 255) opaque++;
      if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) coloured++;
    }
  }
  if (coloured > 0) problems.push(`outline icon must be white on transparent: ${coloured} visible pixels are not white`);
  if (transparent === 0) problems.push('outline icon must have a transparent background');
  if (opaque === 0) problems.push('outline icon draws nothing opaque');
  return problems;
}
