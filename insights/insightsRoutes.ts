import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.js';
import { renderStaffPage, STAFF_BASE } from '../staff/pages/layout.js';
import { sendHtml, staffSecurityHeaders } from '../staff/pages/responses.js';
import type { StaffHandler, StaffRequest } from '../staff/pages/sessionGuard.js';
import { dashboardCsv, isCsvSection } from './csvSections.js';
import { buildDashboard } from './dashboard.js';
import type { Embed } from './gapGrouping.js';
import { badPeriodNotice, INSIGHTS_CSS_PATH, INSIGHTS_PATH, insightsBody } from './insightsPage.js';
import { parsePeriod } from './period.js';
import { insightsText } from './texts.js';
import type { InsightsReader } from './types.js';

export interface InsightsRoutesDeps {
  reader: InsightsReader;
  /** From registerStaffPages: the staff sign-in guard (redirect to /staff/login, 401 for CSV). */
  requireStaffSession: (handler: StaffHandler, kind?: 'page' | 'json') => (req: StaffRequest, res: ServerResponse) => Promise<void>;
  /** The offline embeddings the gaps are grouped with. */
  embed: Embed;
  clock: Clock;
  timeZone: string;
  logger: Logger;
}

const CSS = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets', 'insights.css'));

/** Like the staff pages' responses (same security headers), for the stylesheet, CSV and plain-text errors. */
function sendBody(req: StaffRequest, res: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  for (const [name, value] of Object.entries({ ...staffSecurityHeaders(req), ...headers, 'content-type': contentType })) res.setHeader(name, value);
  res.setHeader('content-length', String(Buffer.byteLength(body)));
  res.writeHead(status);
  res.end(body);
}

function query(req: StaffRequest): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

/**
 * GET /staff/insights (the dashboard) and GET /staff/insights.csv?section=… (its tables as CSV),
 * both behind the staff sign-in. Any signed-in staff member sees the whole branch: the page
 * shows aggregates and questions with personal data redacted.
 */
export function registerInsightsRoutes(server: Server, deps: InsightsRoutesDeps): void {
  const dashboardOptions = () => ({ embed: deps.embed, now: deps.clock.now(), timeZone: deps.timeZone });

  server.get(INSIGHTS_CSS_PATH, async (req: StaffRequest, res: ServerResponse) => sendBody(req, res, 200, 'text/css; charset=utf-8', CSS));

  server.get(INSIGHTS_PATH, deps.requireStaffSession(async (req, res, ctx) => {
    const q = query(req);
    const now = deps.clock.now();
    const parsed = parsePeriod({ from: q.get('from') ?? undefined, to: q.get('to') ?? undefined }, now, deps.timeZone);
    // A bad period still shows the page (the default period) with the reason on top.
    const range = parsed.ok ? parsed.value : (parsePeriod({}, now, deps.timeZone) as Extract<ReturnType<typeof parsePeriod>, { ok: true }>).value;
    const dashboard = await buildDashboard(deps.reader, range, dashboardOptions());
    const body = insightsBody(dashboard, { lang: ctx.lang, timeZone: deps.timeZone, now });
    const page = renderStaffPage(insightsText(ctx.lang, 'title'), body, ctx.member, {
      lang: ctx.lang,
      csrfToken: ctx.session.csrfToken,
      path: INSIGHTS_PATH,
      ...(parsed.ok ? {} : { notice: { kind: 'error' as const, text: badPeriodNotice(ctx.lang) } }),
    });
    sendHtml(req, res, parsed.ok ? 200 : 400, page);
  }));

  server.get(`${STAFF_BASE}/insights.csv`, deps.requireStaffSession(async (req, res, ctx) => {
    const q = query(req);
    const section = q.get('section');
    const sendText = (status: number, text: string) => sendBody(req, res, status, 'text/plain; charset=utf-8', text);
    if (!isCsvSection(section)) return sendText(400, 'Unknown or missing section.');
    const parsed = parsePeriod({ from: q.get('from') ?? undefined, to: q.get('to') ?? undefined }, deps.clock.now(), deps.timeZone);
    if (!parsed.ok) return sendText(400, `Invalid period (${parsed.reason}): from and to are YYYY-MM-DD, from <= to.`);
    const dashboard = await buildDashboard(deps.reader, parsed.value, dashboardOptions());
    const filename = `insights-${section}-${parsed.value.fromDate}-${parsed.value.toDate}.csv`;
    // The feedback export holds clients' (redacted) questions and comments: who took it is logged.
    deps.logger.info({ staff: ctx.member.id, section, from: parsed.value.fromDate, to: parsed.value.toDate }, 'insights CSV exported');
    sendBody(req, res, 200, 'text/csv; charset=utf-8', dashboardCsv(dashboard, section), { 'content-disposition': `attachment; filename="${filename}"` });
  }, 'json'));
}
