import { createLogger } from '../../platform/logger.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { loadConfig } from '../../platform/config.js';
import { tempDir } from './app.js';

let shared: Promise<KnowledgeBase> | undefined;

/** The project's own documents, indexed once per test file in a scratch directory. */
export function projectKnowledge(): Promise<KnowledgeBase> {
  shared ??= openKnowledgeBase({
    knowledgeDir: loadConfig({}).KNOWLEDGE_DIR,
    dataDir: tempDir('kb-project-'),
    logger: createLogger('silent'),
  });
  return shared;
}
