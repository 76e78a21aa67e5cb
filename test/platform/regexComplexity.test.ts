import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';

/**
 * No regular expression in the product backtracks super-linearly. Client messages, pasted
 * documents, service URLs and model output all reach some pattern, and one quadratic pattern
 * lets a single long message stall the event loop for every conversation on the instance.
 *
 * Checked statically by recheck (automaton analysis, or seeded fuzzing where lookarounds rule
 * the automaton out), so the result is the same on every machine and under any load; the
 * bench, not a unit test, measures how long things take. Covers every regex literal in the
 * source and every pattern a module builds with `new RegExp` while it loads.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE_FOLDERS = ['app', 'bot', 'channels', 'dialogs', 'handoff', 'identity', 'insights', 'knowledge', 'locales', 'platform', 'privacy', 'staff', 'storage'];
/** Modules that start something when imported (the server, the command-line tools) rather than define it. */
const isEntryPoint = (file: string) => file === 'app/index.ts' || file.includes('/cli/');

interface FoundPattern {
  source: string;
  flags: string;
  where: string;
}

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(relative);
    }
  };
  for (const folder of SOURCE_FOLDERS) walk(folder);
  return files.sort();
}

function literalPatterns(file: string): FoundPattern[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: FoundPattern[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isRegularExpressionLiteral(node)) {
      const slash = node.text.lastIndexOf('/');
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push({ source: node.text.slice(1, slash), flags: node.text.slice(slash + 1), where: `${file}:${line}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The product source line that called `new RegExp`, or undefined when a dependency did. */
function productCaller(): string | undefined {
  // Frames: this function, the proxy's trap, then the caller.
  const frame = new Error().stack?.split('\n')[3] ?? '';
  const match = /\((?:file:\/\/)?([^()]+):(\d+):\d+\)$|at (?:file:\/\/)?(\S+):(\d+):\d+$/.exec(frame.trim());
  const file = match?.[1] ?? match?.[3];
  if (!file || file.includes('node_modules') || !file.startsWith(ROOT)) return undefined;
  return `${path.relative(ROOT, file)}:${match?.[2] ?? match?.[4]}`;
}

/** Imports the modules with the RegExp constructor watched, to see the patterns built from parts. */
async function constructedPatterns(files: string[]): Promise<FoundPattern[]> {
  const found: FoundPattern[] = [];
  const NativeRegExp = globalThis.RegExp;
  globalThis.RegExp = new Proxy(NativeRegExp, {
    construct(target, args: [string | RegExp, string?]) {
      const made = new target(...args);
      const where = productCaller();
      if (where) found.push({ source: made.source, flags: made.flags, where: `${where} (new RegExp)` });
      return made;
    },
  });
  try {
    for (const file of files.filter((f) => !isEntryPoint(f))) await import(pathToFileURL(path.join(ROOT, file)).href);
  } finally {
    globalThis.RegExp = NativeRegExp;
  }
  return found;
}

function complexity(pattern: { source: string; flags: string }): string {
  // Step limits only, no time limits: a fuzzing verdict must not depend on how busy the machine is
  // (under load a time-cut incubation once reported a linear pattern as quadratic).
  const result = checkSync(pattern.source, pattern.flags, { randomSeed: 20_261_203, timeout: null, attackTimeout: null, incubationTimeout: null, seedingTimeout: null });
  if (result.status === 'safe') return 'safe';
  if (result.status === 'vulnerable') return `vulnerable: ${result.complexity.summary}, attack ${result.attack.pattern}`;
  return `${result.status}: ${result.error.kind}`;
}

describe('regular expression complexity', () => {
  it('recognises a quadratic and an exponential pattern (the check can fail)', () => {
    expect(complexity({ source: '[!.]+$', flags: '' })).toMatch(/^vulnerable: 2nd degree polynomial/);
    expect(complexity({ source: '^(a+)+$', flags: '' })).toMatch(/^vulnerable: exponential/);
    expect(complexity({ source: '(?<![!.])[!.]+$', flags: '' })).toBe('safe');
  });

  it('finds no super-linear pattern in the product', { timeout: 300_000 }, async () => {
    const files = sourceFiles();
    const patterns = [...files.flatMap(literalPatterns), ...(await constructedPatterns(files))];
    expect(patterns.length).toBeGreaterThan(250);
    const seen = new Set<string>();
    const unsafe: string[] = [];
    for (const pattern of patterns) {
      const key = `${pattern.flags}/${pattern.source}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const verdict = complexity(pattern);
      if (verdict !== 'safe') unsafe.push(`${pattern.where} /${pattern.source.slice(0, 80)}/${pattern.flags} — ${verdict}`);
    }
    expect(unsafe).toEqual([]);
  });
});
