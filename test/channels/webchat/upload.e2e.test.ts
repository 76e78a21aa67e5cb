import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type RunningApp } from '../../helpers/app.js';
import { StaffBrowser } from '../../staff/staffBrowser.js';
import { DirectLineTestClient, type DlActivity, type Session } from './helpers/directLineClient.js';
import { TEST_TOKEN_SECRET } from './helpers/webChannelHarness.js';

/**
 * Files on the website, through the real server and bot: Web Chat's upload (multipart, as
 * botframework-directlinejs posts it) during a claim's documents step, the stored file behind
 * the staff download route, and the bounds of the upload endpoint.
 */
let bot: RunningApp;
let client: DirectLineTestClient;

beforeAll(async () => {
  bot = await startTestApp({ DIRECT_LINE_TOKEN_SECRET: TEST_TOKEN_SECRET, PUBLIC_BASE_URL: 'https://bot.example.cz' });
  client = new DirectLineTestClient(bot.url);
});
afterAll(() => bot.stop());

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 0x41), Buffer.from('\n%%EOF\n')]);

interface FilePart {
  name: string;
  type: string;
  bytes: Buffer;
}

/** The request botframework-directlinejs makes for a message with files. */
function uploadForm(session: Session, files: FilePart[], activity: Record<string, unknown> | undefined = { type: 'message', text: '' }): FormData {
  const form = new FormData();
  if (activity) {
    const described = { ...activity, from: { id: session.userId, role: 'user' }, attachments: files.map((f) => ({ contentType: f.type, name: f.name })) };
    form.append('activity', new Blob([JSON.stringify(described)], { type: 'application/vnd.microsoft.activity' }));
  }
  for (const file of files) form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
  return form;
}

/** `token: ''` sends none. */
async function upload(session: Session, body: FormData | string, headers: Record<string, string> = {}, conversationId = session.conversationId, token = session.token) {
  const res = await fetch(`${client.dl}/conversations/${conversationId}/upload?userId=${session.userId}`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as { id?: string; error?: { code: string; message: string } } };
}

/** A website conversation driven like chatOver, plus what the bot received. */
async function conversation() {
  const session = await client.session();
  await client.start(session.token, 'en-US');
  let watermark = (await client.waitForActivities(session.token, session.conversationId, (a) => a.length > 0)).watermark;
  const repliesTo = async (id: string): Promise<{ text: string; echo: DlActivity }> => {
    const set = await client.waitForActivities(session.token, session.conversationId, (a) => a.some((x) => x.replyToId === id), watermark);
    watermark = set.watermark;
    const echo = set.activities.find((a) => a.id === id)!;
    // The bot's texts, and its cards' JSON (the summary is an Adaptive Card on the website).
    const fromBot = set.activities.filter((a) => a.from.role === 'bot') as (DlActivity & { attachments?: unknown[] })[];
    return { echo, text: fromBot.map((a) => [a.text ?? '', ...(a.attachments ?? []).map((x) => JSON.stringify(x))].join('\n')).join('\n') };
  };
  return {
    session,
    async say(text: string): Promise<string> {
      const { body } = await client.post(session.token, session.conversationId, { type: 'message', text, from: { id: session.userId }, locale: 'en-US' });
      return (await repliesTo(body.id)).text;
    },
    async send(files: FilePart[]) {
      const result = await upload(session, uploadForm(session, files, { type: 'message', text: '', locale: 'en-US' }));
      expect(result.status).toBe(200);
      return repliesTo(result.body.id!);
    },
  };
}

type Conversation = Awaited<ReturnType<typeof conversation>>;

/** A claim (answers as in test/dialogs/claim.dialog.test.ts) up to its documents step. */
async function claimUpToDocuments(chat: Conversation): Promise<void> {
  await chat.say('I want to file a claim for an unpaid invoice');
  for (const answer of ['CZ-2025-20980', 'Nordic Parts AB', 'SE', '5560000001', 'SE556000000101', 'NP-5', '2026-01-10', '2026-02-10', '€ 9,800', '4,800', 'no', 'no', 'reminders and a collection agency', 'no']) {
    await chat.say(answer);
  }
  expect(await chat.say('Protracted default (the buyer does not pay)')).toMatch(/collect/i);
  const documents = await chat.say('no');
  expect(documents).toMatch(/delivery notes/);
  // The website offers the upload now.
  expect(documents).toMatch(/attach the files here/i);
}

describe('a claim with files from the website', () => {
  let chat: Conversation;
  let fileUrl: string;

  beforeAll(async () => {
    chat = await conversation();
    await claimUpToDocuments(chat);
  });

  it('accepts an invoice PDF at the documents step and gives the bot a stored file', async () => {
    const { text, echo } = await chat.send([{ name: 'invoice NP-5.pdf', type: 'application/pdf', bytes: PDF }]);
    expect(text).toMatch(/Received: invoice NP-5\.pdf \(3 kB\)/);
    const [attachment] = (echo as DlActivity & { attachments: { contentType: string; name: string; contentUrl: string; content: { size: number } }[] }).attachments;
    expect(attachment).toEqual({ contentType: 'application/pdf', name: 'invoice NP-5.pdf', contentUrl: expect.stringMatching(/^https:\/\/bot\.example\.cz\/staff\/files\/[A-Za-z0-9_-]{32}$/), content: { size: PDF.length } });
    fileUrl = attachment!.contentUrl;
    const stored = await bot.app.internals.stores.uploads.info(fileUrl.split('/').pop()!);
    expect(stored).toMatchObject({ conversationId: chat.session.conversationId, userId: chat.session.userId, size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') });
  });

  it('refuses an .exe without storing it, and says so', async () => {
    const { text, echo } = await chat.send([{ name: 'setup.exe', type: 'application/x-msdownload', bytes: Buffer.from('MZ not a document') }]);
    expect(text).toMatch(/cannot accept setup\.exe/);
    const [attachment] = (echo as DlActivity & { attachments: Record<string, unknown>[] }).attachments;
    expect(attachment).toEqual({ contentType: 'application/x-msdownload', name: 'setup.exe', content: { size: 17 } });
  });

  it('refuses a file over 10 MB in the chat, without storing it', async () => {
    const { text, echo } = await chat.send([{ name: 'scan.pdf', type: 'application/pdf', bytes: Buffer.alloc(10 * 1024 * 1024 + 10, 1) }]);
    expect(text).toMatch(/scan\.pdf is larger than 10 MB/);
    const [attachment] = (echo as DlActivity & { attachments: Record<string, unknown>[] }).attachments;
    expect(attachment).not.toHaveProperty('contentUrl');
  });

  it('lists the file on the summary and stores its URL with the filed case', async () => {
    await chat.say('done');
    await chat.say('Anna Berg');
    const summary = await chat.say('+46 70 123 45 67');
    expect(summary).toMatch(/invoice NP-5\.pdf/);
    expect(await chat.say('Confirm')).toMatch(/CLM-2026-\d{6}-[0-9A-Z]{4}/);
    const [record] = (await bot.app.internals.cases.listByClient('bohemia-textil')).filter((c) => c.userId === chat.session.userId);
    expect(record!.data).toMatchObject({ attachments: [{ name: 'invoice NP-5.pdf', contentType: 'application/pdf', size: PDF.length, url: fileUrl }] });
  });

  it('serves the file to signed-in staff only, as a download', async () => {
    const path = new URL(fileUrl).pathname;
    const anonymous = await fetch(`${bot.url}${path}`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/staff\/login/);
    expect(Buffer.from(await anonymous.arrayBuffer()).includes(PDF.subarray(0, 200))).toBe(false);

    const staff = new StaffBrowser(bot.url);
    expect((await staff.login('jana.novakova', 'demo-jana')).status).toBe(303);
    const cookie = [...staff.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetch(`${bot.url}${path}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="invoice NP-5.pdf"; filename*=UTF-8''invoice%20NP-5.pdf`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);

    const unknown = await fetch(`${bot.url}/staff/files/${'A'.repeat(32)}`, { headers: { cookie } });
    expect(unknown.status).toBe(404);
  });
});

describe('the upload endpoint refuses', () => {
  let session: Session;
  const pdf = (name = 'a.pdf', bytes = PDF): FilePart => ({ name, type: 'application/pdf', bytes });

  beforeAll(async () => {
    session = await client.session();
    expect((await client.start(session.token, 'en-US')).status).toBe(201);
  });

  it('accepts the activity as a plain form field too, and ignores the userId query (the token names the user)', async () => {
    const form = new FormData();
    form.append('activity', JSON.stringify({ type: 'message', text: 'here', attachments: [{ contentType: 'application/pdf', name: 'a.pdf', contentUrl: 'https://evil.example/a.pdf' }] }));
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'a.pdf');
    const res = await fetch(`${client.dl}/conversations/${session.conversationId}/upload?userId=dl_someone-else`, { method: 'POST', headers: { authorization: `Bearer ${session.token}` }, body: form });
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const echo = (await client.activities(session.token, session.conversationId)).body.activities.find((a) => a.id === id) as DlActivity & { attachments: { contentUrl?: string }[] };
    expect(echo.from.id).toBe(session.userId);
    expect(echo.text).toBe('here');
    expect(echo.attachments).toHaveLength(1);
    expect(echo.attachments[0]!.contentUrl).toMatch(/^https:\/\/bot\.example\.cz\/staff\/files\//);
  });

  it('a file attachment posted to …/activities: it arrives without its URL (only uploads name stored files)', async () => {
    const { body } = await client.post(session.token, session.conversationId, { type: 'message', text: 'x', attachments: [{ contentType: 'application/pdf', name: 'x.pdf', contentUrl: '/staff/files/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }] });
    const echo = (await client.activities(session.token, session.conversationId)).body.activities.find((a) => a.id === body.id) as DlActivity & { attachments?: unknown[] };
    expect(echo.attachments ?? []).toEqual([]);
  });

  it('a request without a token (401) or with a bad one (403)', async () => {
    expect((await upload(session, uploadForm(session, [pdf()]), {}, session.conversationId, '')).status).toBe(401);
    expect((await upload(session, uploadForm(session, [pdf()]), {}, session.conversationId, 'not-a-token')).status).toBe(403);
  });

  it("another conversation's upload", async () => {
    const other = await client.session();
    await client.start(other.token, 'en-US');
    const result = await upload(session, uploadForm(session, [pdf()]), {}, other.conversationId);
    expect(result.status).toBe(403);
    expect(result.body.error?.code).toBe('Forbidden');
  });

  it('more than 10 files (413)', async () => {
    const files = Array.from({ length: 11 }, (_, i) => pdf(`f${i}.pdf`, Buffer.from('%PDF-1.4 small')));
    const result = await upload(session, uploadForm(session, files));
    expect(result.status).toBe(413);
    expect(result.body.error?.message).toMatch(/At most 10 files/);
  });

  it('malformed multipart (400), a missing boundary (400), no file (400), an activity part that is not JSON (400)', async () => {
    const garbage = await upload(session, '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\nunterminated', { 'content-type': 'multipart/form-data; boundary=xyz' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error?.code).toBe('BadArgument');
    expect((await upload(session, 'x', { 'content-type': 'multipart/form-data' })).status).toBe(400);
    expect((await upload(session, uploadForm(session, []))).status).toBe(400);
    const badActivity = new FormData();
    badActivity.append('activity', new Blob(['{not json'], { type: 'application/vnd.microsoft.activity' }));
    badActivity.append('file', new Blob([PDF], { type: 'application/pdf' }), 'a.pdf');
    expect((await upload(session, badActivity)).status).toBe(400);
  });

  it('a request over DIRECT_LINE_MAX_UPLOAD_BYTES (413), and the server keeps serving', async () => {
    const small = await startTestApp({ DIRECT_LINE_TOKEN_SECRET: TEST_TOKEN_SECRET, DIRECT_LINE_MAX_UPLOAD_BYTES: '65536' });
    try {
      const smallClient = new DirectLineTestClient(small.url);
      const s = await smallClient.session();
      await smallClient.start(s.token, 'en-US');
      const res = await fetch(`${smallClient.dl}/conversations/${s.conversationId}/upload?userId=${s.userId}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.token}` },
        body: uploadForm(s, [pdf('big.pdf', Buffer.alloc(70_000, 1))]),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BadArgument');
      expect((await smallClient.activities(s.token, s.conversationId)).status).toBe(200);
    } finally {
      await small.stop();
    }
  });
});
