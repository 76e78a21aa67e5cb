import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../app/app.js';
import { loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { messageActivity, postActivity, tempDir } from '../helpers/app.js';
import { StaffBrowser } from '../staff/staffBrowser.js';

// Exploit: when a turn failed mid-form, "unhandled error in turn" logged err.dialogContext…
// state.values: buyer, IČO, invoices, contact e-mail. Here a report fails at filing time and the
// whole log of the run is searched for what the client typed.

const lines: string[] = [];
let app: App;
let url: string;
let dataDir: string;
beforeAll(async () => {
  dataDir = tempDir('log-leak-');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', DATA_DIR: dataDir, DEV_ALLOW_ANONYMOUS_MESSAGES: 'true', RATE_LIMIT_PER_IP_PER_MINUTE: '100000', RATE_LIMIT_PER_USER_PER_MINUTE: '100000', ARES_URL: '' });
  app = createApp(config, { logger: createLogger('debug', { write: (line: string) => void lines.push(line) }) });
  url = `http://127.0.0.1:${(await app.start()).port}`;
  await app.knowledge;
});
afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const SECRETS = ['Tajná Firma s.r.o.', '27074358', 'FAKT-778899', 'Petra Tajná', 'petra.tajna@firma.cz'];
const answers = ['Potřebuji nahlásit faktury po splatnosti', 'CZ-2024-10001', 'Tajná Firma s.r.o.', 'CZ', '27074358', 'přeskočit', 'FAKT-778899', '1. 10. 2026', '31. 10. 2026', '5 000 Kč', 'vše', 'ne', 'ne', 'upomínka', 'ne', 'Petra Tajná', 'petra.tajna@firma.cz'];

describe('a turn that fails in the middle of a report', () => {
  it('logs the failure without any of the values the client typed', async () => {
    const say = async (text: string) => (await postActivity(url, messageActivity(text, { conversation: { id: 'leak-1' }, from: { id: 'leak-user' } }))).activities.map((a) => a.text ?? '').join('\n');
    for (const answer of answers) await say(answer);
    vi.spyOn(app.internals.cases, 'fileCase').mockRejectedValueOnce(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await say('Potvrdit')).toMatch(/omlouv|sorry/i);
    } finally {
      quiet.mockRestore();
    }
    const log = lines.join('');
    expect(log).toContain('unhandled error in turn');
    expect(log).toContain('database is locked');
    for (const secret of SECRETS) expect(log, secret).not.toContain(secret);
  });

  it('a password typed into the staff id field never reaches the log; a real id does', async () => {
    const browser = new StaffBrowser(url);
    expect((await browser.login('Heslo-Jany-2026!', 'jana.novakova')).status).toBe(401);
    expect((await browser.login('jana.novakova', 'wrong-password')).status).toBe(401);
    const log = lines.join('');
    expect(log).not.toContain('Heslo-Jany-2026!');
    expect(log).not.toContain('wrong-password');
    expect(log).toMatch(/"staffId":"jana\.novakova"[^\n]*staff sign-in failed/);
  });
});
