/**
 * Vitest setup file (vitest.config.ts): a test worker that has finished ends with
 * process.exit() instead of running off the end of its event loop.
 *
 * Why: on Node 24, node::ObjectWrap registers an environment cleanup hook per object and
 * removes it in its destructor. When a worker process ends naturally, Node frees the
 * environment (FreeEnvironment) and a garbage-collected better-sqlite3 Statement can be
 * destroyed there with no context entered: RemoveEnvironmentCleanupHook then aborts the
 * worker with "Assertion failed: (env) != nullptr" (nodejs/node#63923), and vitest reports
 * "Worker exited unexpectedly" though every test passed. process.exit() ends the process
 * without freeing the environment, so no destructor runs late. Harmless on Node 20 and 22.
 */
const marker = Symbol.for('support-bot.exitBeforeTeardown');
const globals = globalThis as Record<symbol, unknown>;
if (!globals[marker]) {
  globals[marker] = true;
  process.once('beforeExit', (code) => process.exit(process.exitCode ?? code));
}
