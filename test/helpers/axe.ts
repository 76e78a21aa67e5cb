import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's browser build, injected into the page under test (it runs there, offline). */
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core on the page with the WCAG 2.0–2.2 A and AA rules and returns the serious and
 * critical violations (the tests expect none). The page's CSP allows only its own scripts, so
 * axe is added through the DevTools protocol's isolated evaluation (addScriptTag would be blocked).
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  const session = await page.context().newCDPSession(page);
  try {
    const { result, exceptionDetails } = (await session.send('Runtime.evaluate', {
      expression: `${AXE_SOURCE};\naxe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }).then((r) => JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }))))`,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value?: string }; exceptionDetails?: unknown };
    if (exceptionDetails || typeof result.value !== 'string') throw new Error(`axe-core failed: ${JSON.stringify(exceptionDetails)}`);
    return (JSON.parse(result.value) as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  } finally {
    await session.detach();
  }
}
