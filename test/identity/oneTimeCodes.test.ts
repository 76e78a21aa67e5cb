import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyDirectory } from '../../dialogs/policyDirectory.js';
import { OneTimeCodes } from '../../identity/oneTimeCodes.js';
import { createLogger } from '../../platform/logger.js';
import { OutboxMailer, type Mailer, type MailMessage } from '../../platform/mail/mailer.js';
import { openSqliteStores } from '../../storage/stores.js';
import { tempDir } from '../helpers/app.js';

const directory = PolicyDirectory.fromFile('data/policy-directory.json');
const CONTACT = 'martin.kovar@strojirny-morava.example';

function setup(mailer: Mailer) {
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  const stores = openSqliteStores(tempDir('codes-'));
  const codes = new OneTimeCodes({ store: stores.oneTimeCodes, identities: stores.identities, directory, mailer, now: () => new Date(), logger, verifiedForSeconds: 3600 });
  return { codes, lines };
}

const request = { policyNumber: 'CZ-2024-10001', channelId: 'webchat', userId: 'dl_x', requester: '203.0.113.9', lang: 'en' as const };

describe('one-time codes and the log', () => {
  it('never logs the code or the address, even when the SMTP server rejects the recipient', async () => {
    const sent: MailMessage[] = [];
    const rejecting: Mailer = {
      kind: 'smtp',
      async send(message) {
        sent.push(message);
        throw new Error(`550 5.1.1 <${message.to}>: Recipient address rejected`);
      },
    };
    const { codes, lines } = setup(rejecting);
    expect(await codes.request(request)).toBe('sent');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const code = /\b(\d{6})\b/.exec(sent[0]!.text)![1]!;
    const log = lines.join('\n');
    expect(log).toMatch(/one-time code e-mail failed/);
    expect(log).not.toContain(CONTACT);
    expect(log).not.toContain(code);
  });

  it('writes the development outbox as .eml files and logs only the file name', async () => {
    const dir = path.join(tempDir('outbox-'), 'outbox');
    const lines: string[] = [];
    const outbox = new OutboxMailer(dir, 'Servis <servis@localhost>', createLogger('debug', { write: (line: string) => void lines.push(line) }));
    await outbox.send({ to: CONTACT, subject: 'Kód', text: 'Váš kód je 123456.' });
    const [file] = fs.readdirSync(dir);
    const eml = fs.readFileSync(path.join(dir, file!), 'utf8');
    expect(eml).toMatch(/^To: martin\.kovar@strojirny-morava\.example$/m);
    expect(eml).toMatch(/^Subject: =\?UTF-8\?|^Subject: K/m);
    expect(lines.join('\n')).toContain(file);
    expect(lines.join('\n')).not.toContain(CONTACT);
    expect(lines.join('\n')).not.toContain('123456');
  });
});
