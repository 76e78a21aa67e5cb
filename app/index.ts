import { createApp } from './app.js';
import { botUrls, demoDataWarnings, startupBanner } from './banner.js';
import { describeLlm } from '../knowledge/llm/models.js';
import { ConfigError, llmSettings, loadConfig } from '../platform/config.js';
import { createLogger, resolveLogFormat } from '../platform/logger.js';

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const format = resolveLogFormat(config.LOG_FORMAT, Boolean(process.stdout.isTTY));
  const logger = createLogger(config.LOG_LEVEL, undefined, { format });
  const app = createApp(config, { logger, progress: true });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      // A second Ctrl+C does not wait for the turns in progress. A repeated SIGTERM is ignored:
      // npm and tsx may both pass the container's one SIGTERM on.
      if (signal !== 'SIGINT') return;
      logger.warn({ signal }, 'second Ctrl+C: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, timeoutSeconds: config.SHUTDOWN_TIMEOUT_SECONDS }, 'shutting down: finishing the requests and turns in progress');
    // app.stop() waits at most SHUTDOWN_TIMEOUT_SECONDS for work in progress; this is the backstop
    // for anything else that would hang (an open WebSocket, a stuck database close).
    setTimeout(() => {
      logger.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, (config.SHUTDOWN_TIMEOUT_SECONDS + 10) * 1000).unref();
    app.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  app.start().then(
    async ({ port }) => {
      const knowledge = await app.knowledge;
      const facts = {
        host: config.HOST, port, ...describeLlm(llmSettings(config)),
        documents: knowledge.report.files, passages: knowledge.index.size, warnings: demoDataWarnings(config),
      };
      if (format === 'pretty') {
        // One block for the person at the terminal: where to click, what it answers from.
        process.stdout.write(`\n${startupBanner(facts).join('\n')}\n\n`);
      } else {
        for (const warning of facts.warnings) logger.warn(warning);
        logger.info({ ...botUrls(facts), mode: facts.mode, documents: facts.documents, passages: facts.passages }, 'serving');
      }
    },
    (error) => {
      logger.fatal({ err: error }, 'start-up failed');
      process.exit(1);
    },
  );
}

main();
