import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import restify from 'restify';
import { createAdapter } from '../../../../bot/adapter.js';
import { loadConfig, type AppConfig } from '../../../../platform/config.js';
import { createLogger } from '../../../../platform/logger.js';
import { createInProcessDirectLine, registerWebChannel, type InProcessDirectLine } from '../../../../channels/webchat/index.js';
import { tempDir } from '../../../helpers/app.js';

export const TEST_TOKEN_SECRET = 'test-secret-for-direct-line-tokens-0123456789';

export interface WebChannelHarness {
  url: string;
  config: AppConfig;
  adapter: CloudAdapter;
  directLine: InProcessDirectLine;
  stop(): Promise<void>;
}

/**
 * The website channel alone — restify, the real adapter, the in-process Direct Line — around a
 * stub bot, for what the knowledge bot cannot show: proactive messages, cards, suggested actions.
 */
export async function startWebChannelHarness(bot: (context: TurnContext) => Promise<void>, env: Record<string, string> = {}): Promise<WebChannelHarness> {
  const dataDir = tempDir('webchat-harness-');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DIRECT_LINE_TOKEN_SECRET: TEST_TOKEN_SECRET, ...env });
  const logger = createLogger(config.LOG_LEVEL);
  const directLine = createInProcessDirectLine(config);
  const adapter = createAdapter(config, logger, { wrapAuthentication: directLine.wrapAuthentication });
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser());
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  registerWebChannel(server, { config, logger, adapter, directLine, runTurn: bot });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    adapter,
    directLine,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
