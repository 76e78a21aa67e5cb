import { ConfigError, loadConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { openKnowledgeBase } from '../knowledgeBase.js';

// `npm run ingest`: brings the index in DATA_DIR up to date with KNOWLEDGE_DIR and reports.
try {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const { report } = await openKnowledgeBase({ knowledgeDir: config.KNOWLEDGE_DIR, dataDir: config.DATA_DIR, logger, progress: true });
  console.log(`Knowledge: ${config.KNOWLEDGE_DIR}`);
  console.log(`Index:     ${config.DATA_DIR}/index`);
  console.log(`Files: ${report.files}, changed: ${report.changed.length}, removed: ${report.removed.length}, passages: ${report.passages}, embedded now: ${report.embedded}, ${report.durationMs} ms`);
  for (const s of report.skipped) console.log(`Skipped ${s.source}: ${s.reason}`);
  process.exitCode = report.skipped.length > 0 ? 2 : 0;
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
