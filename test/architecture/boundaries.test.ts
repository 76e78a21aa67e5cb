import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The import rules (.dependency-cruiser.cjs) run by `npm test` on the real tree; here they run
 * on small fixture trees, to prove they fail on the imports they forbid.
 */
const config = path.resolve('.dependency-cruiser.cjs');
const depcruise = path.resolve('node_modules/.bin/depcruise');
const dirs: string[] = [];

function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', allowImportingTsExtensions: false } }));
  for (const [file, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), source);
  }
  const folders = [...new Set(Object.keys(files).map((f) => f.split('/')[0]!))];
  const run = spawnSync(depcruise, [...folders, '--config', config, '--output-type', 'err'], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('import rules', () => {
  it('accept imports that follow the layers (bot → dialogs → knowledge → platform)', () => {
    const result = cruise({
      'platform/clock.ts': 'export const now = () => 1;\n',
      'knowledge/answer.ts': "import { now } from '../platform/clock.js';\nexport const answer = () => now();\n",
      'dialogs/main.ts': "import { answer } from '../knowledge/answer.js';\nexport const main = () => answer();\n",
      'bot/bot.ts': "import { main } from '../dialogs/main.js';\nexport const run = () => main();\n",
    });
    expect(result.output).not.toMatch(/error/);
    expect(result.status).toBe(0);
  });

  it('reject knowledge importing the bot', () => {
    const result = cruise({
      'bot/bot.ts': 'export const run = () => 1;\n',
      'knowledge/answer.ts': "import { run } from '../bot/bot.js';\nexport const answer = () => run();\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/knowledge-direction/);
  });

  it('reject dialogs importing a channel or a storage implementation', () => {
    const result = cruise({
      'channels/web.ts': 'export const web = 1;\n',
      'storage/sqlite/db.ts': 'export const db = 1;\n',
      'dialogs/main.ts': "import { web } from '../channels/web.js';\nimport { db } from '../storage/sqlite/db.js';\nexport const main = web + db;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output.match(/dialogs-direction/g)).toHaveLength(2);
  });

  it('reject an import cycle, even inside one folder', () => {
    const result = cruise({
      'dialogs/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'dialogs/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/no-circular/);
  });

  it('let only the composition root import storage', () => {
    const ok = cruise({
      'storage/stores.ts': 'export const open = () => 1;\n',
      'app/app.ts': "import { open } from '../storage/stores.js';\nexport const app = open();\n",
    });
    expect(ok.status).toBe(0);
    const bad = cruise({
      'storage/stores.ts': 'export const open = () => 1;\n',
      'bot/bot.ts': "import { open } from '../storage/stores.js';\nexport const bot = open();\n",
    });
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/bot-direction/);
  });
});
