/** How deep a JSON request body may nest: activities and API bodies need a handful of levels. */
export const MAX_BODY_DEPTH = 64;

/** Iterative on purpose: a recursive walk would overflow on the very input it guards against. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
