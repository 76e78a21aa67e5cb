/**
 * The production build: `npm run build` compiles the product's TypeScript to `dist/` (one
 * JavaScript file per source file, ESM, with source maps) and copies the files the code reads
 * next to itself (web/, CSS, lexicon JSON…), so `npm run start:prod` runs plain Node.js:
 * `node --enable-source-maps dist/app/index.js`.
 *
 * One file per source file rather than a bundle: modules find their assets relative to
 * `import.meta.url` (web/, staff/pages/assets/, knowledge/lexicon/), and the tree keeps those
 * paths valid. Type checking is `npm run typecheck`'s job (esbuild only strips types).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The folders `app/index.ts` and the command-line tools run from (no tests, benches or tools). */
export const PRODUCT_FOLDERS = ['app', 'bot', 'channels', 'dialogs', 'handoff', 'identity', 'insights', 'knowledge', 'locales', 'platform', 'privacy', 'staff', 'storage'];
/** Folders of static files only, read at run time. */
export const ASSET_FOLDERS = ['web'];
/** Not needed at run time from dist/ (the documents are read from KNOWLEDGE_DIR). */
const SKIP = [path.join('knowledge', 'documents')];

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (SKIP.includes(path.relative(root, full))) continue;
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

export async function buildDist(outdir = path.join(root, 'dist')): Promise<{ compiled: number; copied: number }> {
  fs.rmSync(outdir, { recursive: true, force: true });
  const files = PRODUCT_FOLDERS.flatMap((folder) => walk(path.join(root, folder)));
  const sources = files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  const assets = [...files.filter((file) => !file.endsWith('.ts')), ...ASSET_FOLDERS.flatMap((folder) => walk(path.join(root, folder)))];
  await build({
    entryPoints: sources,
    outdir,
    outbase: root,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const file of assets) {
    const target = path.join(outdir, path.relative(root, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
  return { compiled: sources.length, copied: assets.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { compiled, copied } = await buildDist();
  console.log(`dist/: ${compiled} files compiled, ${copied} assets copied in ${Date.now() - started} ms; run it with npm run start:prod`);
}
