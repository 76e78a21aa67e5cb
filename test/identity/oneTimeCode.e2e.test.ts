import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCase } from '../../dialogs/caseStore.js';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';
import { chatOver, DirectLineTestClient } from '../channels/webchat/helpers/directLineClient.js';
import { TEST_TOKEN_SECRET } from '../channels/webchat/helpers/webChannelHarness.js';

/**
 * An anonymous website visitor verifies by a one-time code: the bot e-mails it through a real
 * SMTP client to an in-process SMTP server on loopback — to the contact registered for the policy
 * in the directory, never to an address the visitor could type.
 */
const inbox: ParsedMail[] = [];
let smtp: SMTPServer;
let bot: RunningApp;
let client: DirectLineTestClient;
let filed: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        inbox.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  bot = await startTestApp({ DIRECT_LINE_TOKEN_SECRET: TEST_TOKEN_SECRET, SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Zákaznický servis <servis@insurer.example>' });
  client = new DirectLineTestClient(bot.url);
  const earlier: NewCase = {
    kind: 'overdue',
    policyNumber: 'CZ-2023-20417',
    clientId: 'bohemia-textil',
    managerId: 'petr.svoboda',
    userId: 'dl_another-device',
    language: 'cs',
    channelId: 'webchat',
    data: {
      kind: 'overdue',
      policyNumber: 'CZ-2023-20417',
      buyer: { name: 'Textil Odběr a.s.', country: 'CZ' },
      invoices: [{ number: 'FV-77', dueDate: '2026-09-01', amount: 5000, currency: 'EUR' }],
      extension: { granted: false },
      collectionSteps: '',
      disputed: false,
      contact: { name: 'Lucie Dvořáková' },
    } as NewCase['data'],
    conversationReference: {} as NewCase['conversationReference'],
    idempotencyKey: 'otp-earlier',
  };
  filed = (await bot.app.internals.cases.fileCase(earlier, new Date('2026-11-20T10:00:00Z'))).record.reference;
});
afterAll(async () => {
  await bot.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function mailTo(address: string, after: number): Promise<ParsedMail> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const mail = inbox.slice(after).find((m) => m.to && !Array.isArray(m.to) && m.to.value.some((v) => v.address === address));
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no e-mail to ${address}`);
}

const codeIn = (mail: ParsedMail) => /\b(\d{6})\b/.exec(mail.text ?? '')![1]!;

describe('verification by a one-time code', () => {
  it('e-mails a code to the registered contact; a wrong code leaves attempts, the right one shows the cases', async () => {
    const say = await chatOver(client, await client.session(), 'cs-CZ');
    const seen = inbox.length;
    expect(await say('Moje případy')).toMatch(/pošlu jednorázový kód na e-mail[\s\S]*Jaké je číslo vaší pojistné smlouvy/);
    expect(await say('CZ-2023-20417')).toMatch(/Pokud je smlouva CZ-2023-20417 u nás vedená, poslal jsem[\s\S]*platí 10 minut/);
    const mail = await mailTo('lucie.dvorakova@bohemia-textil.example', seen);
    expect(mail.subject).toBe('Váš ověřovací kód pro chat zákaznického servisu');
    expect(mail.from?.text).toContain('servis@insurer.example');
    const code = codeIn(mail);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await say(wrong)).toMatch(/Tento kód nesouhlasí\. Zbývají vám 4 pokusy\./);
    const verified = await say(code);
    expect(verified).toMatch(/jste ověřeni[\s\S]*Máte 1 případ/);
    expect(verified).toContain(filed);
    // Used up: the same code cannot verify another conversation.
    const other = await chatOver(client, await client.session(), 'cs-CZ');
    await other('Moje případy');
    const before = inbox.length;
    await other('CZ-2023-20417');
    await mailTo('lucie.dvorakova@bohemia-textil.example', before);
    expect(await other(code)).toMatch(/nesouhlasí/);
  });

  it('answers the same for a policy that does not exist, sends nothing, and locks after five wrong codes', async () => {
    const known = await chatOver(client, await client.session());
    const unknown = await chatOver(client, await client.session());
    await known('My cases');
    await unknown('My cases');
    const seen = inbox.length;
    const forKnown = await known('CZ-2024-10001');
    const forUnknown = await unknown('CZ-2099-99999');
    expect(forUnknown.replace('CZ-2099-99999', 'X')).toBe(forKnown.replace('CZ-2024-10001', 'X'));
    await mailTo('martin.kovar@strojirny-morava.example', seen);
    expect(inbox.slice(seen)).toHaveLength(1);

    const replies: string[] = [];
    for (let i = 0; i < 5; i++) replies.push(await unknown(String(123456 + i)));
    expect(replies.slice(0, 4)).toEqual([
      'That code is not right. You have 4 attempts left.',
      'That code is not right. You have 3 attempts left.',
      'That code is not right. You have 2 attempts left.',
      'That code is not right. You have 1 attempt left.',
    ]);
    expect(replies[4]).toMatch(/entered wrongly too many times/);
  });

  it('limits codes per policy', async () => {
    const replies: string[] = [];
    for (let i = 0; i < 4; i++) {
      const say = await chatOver(client, await client.session());
      await say('My cases');
      replies.push(await say('CZ-2025-20980'));
    }
    expect(replies.slice(0, 3).every((r) => /I have sent a six-digit code/.test(r))).toBe(true);
    expect(replies[3]).toMatch(/asked for several times in the last hour/);
  });
});

describe('the filing confirmation', () => {
  it('e-mails the reference, what was filed and what happens next to the registered contact', async () => {
    const answers = ['Potřebuji nahlásit faktury po splatnosti', 'CZ-2024-10001', 'Odběr Plzeň s.r.o.', 'CZ', '27074358', 'přeskočit', 'FV-2026-501', '1. 10. 2026', '31. 10. 2026', '5 000 Kč', 'vše', 'ne', 'ne', 'upomínka', 'ne', 'Petra Malá', 'petra.mala@example.com'];
    const say = async (text: string) => (await postActivity(bot.url, messageActivity(text, { conversation: { id: 'confirm-1' }, from: { id: 'confirm-user' }, locale: 'cs-CZ' }))).activities.map((a) => a.text ?? '').join('\n');
    for (const answer of answers) await say(answer);
    const seen = inbox.length;
    const filedReply = await say('Potvrdit');
    const reference = /OVD-\d{4}-\d{6}-[0-9A-Z]{4}/.exec(filedReply)![0];
    const mail = await mailTo('martin.kovar@strojirny-morava.example', seen);
    expect(mail.subject).toBe(`Potvrzení přijetí: oznámení faktur po splatnosti ${reference}`);
    expect(mail.text).toMatch(/Dobrý den, Martin Kovář,[\s\S]*Odběr Plzeň s\.r\.o\.[\s\S]*FV-2026-501[\s\S]*Co bude dál:/);
    // Sent to the registered contact only: not to the address typed into the form.
    expect(inbox.slice(seen).some((m) => JSON.stringify(m.to).includes('petra.mala@example.com'))).toBe(false);
  });
});

describe('typing the code', () => {
  it('spends no attempt on what is not six digits, reads a code with spaces or a label, and helps without resending', async () => {
    const say = await chatOver(client, await client.session());
    await say('My cases');
    const seen = inbox.length;
    await say('CZ-2024-10001');
    const code = codeIn(await mailTo('martin.kovar@strojirny-morava.example', seen));
    expect(await say('talk to a person')).toMatch(/The code has six digits/);
    expect(await say('12345')).toMatch(/The code has six digits/);
    expect(await say('111111 222222')).toMatch(/The code has six digits/);
    const help = await say('help');
    expect(help).toMatch(/Type the six-digit code from the e-mail I sent/);
    expect(help).not.toMatch(/I have sent a six-digit code/);
    expect(inbox.length).toBe(seen + 1);
    expect(await say(`code: ${code.slice(0, 2)} ${code.slice(2, 4)} ${code.slice(4)}`)).toMatch(/you are verified/);
  });
});
