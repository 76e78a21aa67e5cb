import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

/** The least a bot can do: say the text back. */
export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${typeof context.activity.text === 'string' ? context.activity.text : ''}`);
      await next();
    });
  }
}

export interface RunningEchoServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The echo bot on the app's own stack — restify 11 with its body parser, CloudAdapter in
 * anonymous mode — and nothing else: no validation, state, middleware or knowledge. Its
 * throughput is the framework's limit, the baseline for the chat benchmark.
 */
export async function startEchoServer(options: { host?: string; port?: number; maxBodyBytes?: number } = {}): Promise<RunningEchoServer> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' }));
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes ?? 262_144, mapParams: false, rejectUnknown: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
