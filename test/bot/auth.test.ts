import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity, postActivity, startTestApp, type RunningApp } from '../helpers/app.js';

// With an app id configured, the adapter validates the Bot Framework JWT on every request.
// (Validating a real token needs the OpenID metadata; the reliability suite serves it from loopback.)
describe('/api/messages with MicrosoftAppId set', () => {
  let bot: RunningApp;
  beforeAll(async () => {
    bot = await startTestApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'test-secret' });
  });
  afterAll(async () => bot.stop());

  it('rejects a request without a token with 401', async () => {
    const { status, activities } = await postActivity(bot.url, messageActivity('How do I report a claim?'));
    expect(status).toBe(401);
    expect(activities).toHaveLength(0);
  });

  it('still serves the health check and the public ask endpoint', async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
