import { DateTime } from 'luxon';
import { html, type SafeHtml } from '../staff/pages/html.js';
import { STAFF_BASE } from '../staff/pages/layout.js';
import type { StaffLang } from '../staff/pages/texts.js';
import type { CsvSection } from './csvSections.js';
import type { Dashboard } from './dashboard.js';
import type { GapCluster } from './gapGrouping.js';
import { MAX_DAYS } from './period.js';
import { COLORS, horizontalBars, stackedColumns } from './svgCharts.js';
import { insightsText, reasonText, type InsightsTextKey } from './texts.js';
import { stepLabel } from '../dialogs/forms/stepLabels.js';

export const INSIGHTS_PATH = `${STAFF_BASE}/insights`;
export const INSIGHTS_CSS_PATH = `${STAFF_BASE}/insights/insights.css`;

export interface InsightsView {
  lang: StaffLang;
  timeZone: string;
  now: Date;
}

/** Rows shown per table on the page; the CSV has them all. */
const TOP = 15;

const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)} %` : '—');

function duration(seconds: number | undefined, lang: StaffLang): string {
  if (seconds === undefined) return insightsText(lang, 'noData');
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function csvHref(section: CsvSection, d: Dashboard): string {
  return `${STAFF_BASE}/insights.csv?section=${section}&from=${d.range.fromDate}&to=${d.range.toDate}`;
}

function csvLink(section: CsvSection, d: Dashboard, lang: StaffLang, label?: string): SafeHtml {
  return html`<p class="csv"><a href="${csvHref(section, d)}" download>${label ?? insightsText(lang, 'downloadCsv')}</a></p>`;
}

function periodForm(d: Dashboard, view: InsightsView): SafeHtml {
  const t = (key: InsightsTextKey, values?: Record<string, string | number>) => insightsText(view.lang, key, values);
  const today = DateTime.fromJSDate(view.now, { zone: view.timeZone }).toISODate()!;
  const quick = ([7, 30, 90] as const).map((days) => {
    const from = DateTime.fromISO(today, { zone: view.timeZone }).minus({ days: days - 1 }).toISODate()!;
    const key: InsightsTextKey = days === 7 ? 'last7' : days === 30 ? 'last30' : 'last90';
    return html`<li><a href="${INSIGHTS_PATH}?from=${from}&amp;to=${today}">${t(key)}</a></li>`;
  });
  return html`<form method="get" action="${INSIGHTS_PATH}" class="period">
  <fieldset>
    <legend>${t('periodLegend')}</legend>
    <span class="field"><label for="period-from">${t('from')}</label><input type="date" id="period-from" name="from" value="${d.range.fromDate}" max="${today}" required></span>
    <span class="field"><label for="period-to">${t('to')}</label><input type="date" id="period-to" name="to" value="${d.range.toDate}" max="${today}" required></span>
    <button type="submit" class="primary">${t('show')}</button>
  </fieldset>
  <ul class="quick-periods">${quick}</ul>
</form>
<p class="period-shown">${t('periodShown', { from: d.range.fromDate, to: d.range.toDate, zone: view.timeZone })}</p>`;
}

function summaryCards(d: Dashboard, lang: StaffLang): SafeHtml {
  const t = (key: InsightsTextKey) => insightsText(lang, key);
  const started = d.reports.byKind.reduce((s, k) => s + k.started, 0);
  const filed = d.reports.byKind.reduce((s, k) => s + k.filed, 0);
  const card = (label: string, value: string | number, detail?: string) =>
    html`<div class="card"><dt>${label}</dt><dd><span class="value">${value}</span>${detail ? html`<span class="detail">${detail}</span>` : ''}</dd></div>`;
  return html`<section aria-labelledby="summary-heading">
  <h2 id="summary-heading">${t('summary')}</h2>
  <dl class="cards">
    ${card(t('conversations'), d.conversations)}
    ${card(t('questions'), d.questions.total)}
    ${card(t('answeredShare'), pct(d.questions.answered, d.questions.total), `${d.questions.answered} / ${d.questions.total}`)}
    ${card(t('feedbackShare'), `${d.feedback.up} / ${d.feedback.down}`)}
    ${card(t('reportsFiled'), `${filed} / ${started}`)}
    ${card(t('handoffsRequested'), d.handoffs.requested)}
    ${card(t('csatAverage'), d.csat.average !== undefined ? `${d.csat.average.toFixed(1)} / 5` : t('noData'), d.csat.ratings ? `n = ${d.csat.ratings}` : undefined)}
  </dl>
  ${csvLink('summary', d, lang)}
</section>`;
}

function questionsSection(d: Dashboard, lang: StaffLang): SafeHtml {
  const t = (key: InsightsTextKey) => insightsText(lang, key);
  const days = d.questions.byDay;
  const chart = stackedColumns({ id: 'chart-questions', title: t('questionsHeading'), description: t('questionsChartDesc') }, days.map((r) => r.day), [
    { name: t('answered'), color: COLORS.answered, values: days.map((r) => r.answered) },
    { name: t('dontKnow'), color: COLORS.dontKnow, values: days.map((r) => r.dontKnow) },
    { name: t('outOfScope'), color: COLORS.outOfScope, values: days.map((r) => r.outOfScope) },
  ]);
  return html`<section aria-labelledby="questions-heading">
  <h2 id="questions-heading">${t('questionsHeading')}</h2>
  <figure class="chart-box">${chart}</figure>
  <table class="data compact">
    <thead><tr><th scope="col">${t('answered')}</th><th scope="col">${t('dontKnow')}</th><th scope="col">${t('outOfScope')}</th></tr></thead>
    <tbody><tr><td>${d.questions.answered}</td><td>${d.questions.dontKnow}</td><td>${d.questions.outOfScope}</td></tr></tbody>
  </table>
  ${csvLink('questions', d, lang)}
</section>`;
}

function clusterTable(list: GapCluster[], lang: StaffLang, withSources: boolean): SafeHtml {
  const t = (key: InsightsTextKey, values?: Record<string, string | number>) => insightsText(lang, key, values);
  const rows = list.slice(0, TOP).map(
    (c, i) => html`<tr>
      <th scope="row"><span class="rank">${i + 1}.</span> ${c.label}<span class="detail">${t('gapLine', { questions: c.questions, conversations: c.conversations })}</span></th>
      <td class="num">${c.questions}</td>
      <td class="num">${c.conversations}</td>
      ${withSources ? html`<td class="num">${c.sources.dont_know}</td><td class="num">${c.sources.disliked}</td>` : ''}
      <td><ul class="examples">${c.examples.map((e) => html`<li>${e}</li>`)}</ul></td>
      ${withSources ? html`<td>${c.comments.length ? html`<ul class="examples">${c.comments.map((e) => html`<li>${e}</li>`)}</ul>` : '—'}</td><td>${c.documents.join(', ') || '—'}</td>` : ''}
    </tr>`,
  );
  return html`<table class="data">
  <thead><tr>
    <th scope="col">${t('topic')}</th><th scope="col">${t('questions')}</th><th scope="col">${t('conversationsShort')}</th>
    ${withSources ? html`<th scope="col">${t('unanswered')}</th><th scope="col">${t('disliked')}</th>` : ''}
    <th scope="col">${t('examples')}</th>
    ${withSources ? html`<th scope="col">${t('comments')}</th><th scope="col">${t('documents')}</th>` : ''}
  </tr></thead>
  <tbody>${rows}</tbody>
</table>`;
}

function gapsSection(d: Dashboard, lang: StaffLang): SafeHtml {
  const t = (key: InsightsTextKey) => insightsText(lang, key);
  const top = d.gaps.slice(0, 10);
  const chart = horizontalBars(
    { id: 'chart-gaps', title: t('gapsHeading'), description: t('gapsChartDesc') },
    top.map((c) => ({
      label: c.label,
      segments: [
        { name: t('unanswered'), value: c.sources.dont_know, color: COLORS.dontKnow },
        { name: t('disliked'), value: c.sources.disliked, color: COLORS.down },
      ],
    })),
    { legend: [{ name: t('unanswered'), color: COLORS.dontKnow }, { name: t('disliked'), color: COLORS.down }] },
  );
  return html`<section aria-labelledby="gaps-heading">
  <h2 id="gaps-heading">${t('gapsHeading')}</h2>
  <p class="note">${t('gapsIntro')}</p>
  ${d.gaps.length ? html`<figure class="chart-box">${chart}</figure>${clusterTable(d.gaps, lang, true)}` : html`<p class="empty">${t('noGaps')}</p>`}
  ${csvLink('gaps', d, lang)}
  <h3>${t('outOfScopeHeading')}</h3>
  <p class="note">${t('outOfScopeIntro')}</p>
  ${d.outOfScope.length ? clusterTable(d.outOfScope, lang, false) : html`<p class="empty">${t('noOutOfScope')}</p>`}
  ${csvLink('out_of_scope', d, lang)}
</section>`;
}

function documentsSection(d: Dashboard, lang: StaffLang): SafeHtml {
  const t = (key: InsightsTextKey) => insightsText(lang, key);
  const rated = d.documents.filter((r) => r.up + r.down > 0);
  const chart = horizontalBars(
    { id: 'chart-documents', title: t('documentsHeading'), description: t('documentsChartDesc') },
    rated.slice(0, 12).map((r) => ({
      label: r.title,
      segments: [
        { name: t('up'), value: r.up, color: COLORS.up },
        { name: t('down'), value: r.down, color: COLORS.down },
      ],
      note: `${pct(r.down, r.up + r.down)} 👎`,
    })),
    { legend: [{ name: t('up'), color: COLORS.up }, { name: t('down'), color: COLORS.down }] },
  );
  const rows = d.documents.slice(0, TOP * 2).map(
    (r) => html`<tr><th scope="row">${r.title}<span class="detail">${r.source}</span></th><td class="num">${r.cited}</td><td class="num">${r.up}</td><td class="num">${r.down}</td><td class="num">${pct(r.down, r.up + r.down)}</td></tr>`,
  );
  return html`<section aria-labelledby="documents-heading">
  <h2 id="documents-heading">${t('documentsHeading')}</h2>
  ${rated.length ? html`<figure class="chart-box">${chart}</figure>` : html`<p class="empty">${t('noRatings')}</p>`}
  ${d.documents.length
    ? html`<table class="data"><thead><tr><th scope="col">${t('document')}</th><th scope="col">${t('cited')}</th><th scope="col">${t('up')}</th><th scope="col">${t('down')}</th><th scope="col">${t('downShare')}</th></tr></thead><tbody>${rows}</tbody></table>`
    : ''}
  ${csvLink('documents', d, lang)}
  ${csvLink('feedback', d, lang, t('feedbackCsv'))}
</section>`;
}

function reportsSection(d: Dashboard, lang: StaffLang): SafeHtml {
  const t = (key: InsightsTextKey) => insightsText(lang, key);
  const kindName = (kind: string) => t(kind === 'claim' ? 'kind.claim' : 'kind.overdue');
  if (!d.reports.byKind.length) {
    return html`<section aria-labelledby="reports-heading"><h2 id="reports-heading">${t('reportsHeading')}</h2><p class="empty">${t('noReports')}</p>${csvLink('reports', d, lang)}</section>`;
  }
  const totals = d.reports.byKind.map(
    (k) => html`<tr><th scope="row">${kindName(k.kind)}</th><td class="num">${k.started}</td><td class="num">${k.filed}</td><td class="num">${k.cancelled}</td><td class="num">${k.abandoned}</td><td class="num">${k.inProgress}</td></tr>`,
  );
  const chart = horizontalBars(
    { id: 'chart-reports', title: t('reportsHeading'), description: t('reportsChartDesc') },
    d.reports.steps.map((s) => ({
      label: `${kindName(s.kind)}: ${stepLabel(s.step, lang)}`,
      segments: [
        { name: t('continued'), value: s.reached - s.abandonedHere - s.cancelledHere, color: COLORS.neutral },
        { name: t('abandonedHere'), value: s.abandonedHere, color: COLORS.dontKnow },
        { name: t('cancelledHere'), value: s.cancelledHere, color: COLORS.down },
      ],
    })),
    { legend: [{ name: t('continued'), color: COLORS.neutral }, { name: t('abandonedHere'), color: COLORS.dontKnow }, { name: t('cancelledHere'), color: COLORS.down }] },
  );
  const steps = d.reports.steps.map(
    (s) => html`<tr><th scope="row">${kindName(s.kind)}: ${stepLabel(s.step, lang)}</th><td class="num">${s.reached}</td><td class="num">${s.abandonedHere}</td><td class="num">${s.cancelledHere}</td></tr>`,
  );
  return html`<section aria-labelledby="reports-heading">
  <h2 id="reports-heading">${t('reportsHeading')}</h2>
  <table class="data"><thead><tr><th scope="col">${t('kind')}</th><th scope="col">${t('started')}</th><th scope="col">${t('filed')}</th><th scope="col">${t('cancelled')}</th><th scope="col">${t('abandoned')}</th><th scope="col">${t('inProgress')}</th></tr></thead><tbody>${totals}</tbody></table>
  <p class="note">${t('abandonedNote')}</p>
  <figure class="chart-box">${chart}</figure>
  <table class="data"><thead><tr><th scope="col">${t('step')}</th><th scope="col">${t('reached')}</th><th scope="col">${t('abandonedHere')}</th><th scope="col">${t('cancelledHere')}</th></tr></thead><tbody>${steps}</tbody></table>
  ${csvLink('reports', d, lang)}
</section>`;
}

function handoffsSection(d: Dashboard, lang: StaffLang): SafeHtml {
  const t = (key: InsightsTextKey, values?: Record<string, string | number>) => insightsText(lang, key, values);
  const h = d.handoffs;
  if (!h.requested) {
    return html`<section aria-labelledby="handoffs-heading"><h2 id="handoffs-heading">${t('handoffsHeading')}</h2><p class="empty">${t('noHandoffs')}</p>${csvLink('handoffs', d, lang)}</section>`;
  }
  const bar = (label: string, value: number, color: string) => ({ label, segments: [{ name: label, value, color }] });
  const chart = horizontalBars({ id: 'chart-handoffs', title: t('handoffsHeading'), description: t('handoffsChartDesc') }, [
    bar(t('requested'), h.requested, COLORS.accent),
    bar(t('accepted'), h.accepted, COLORS.answered),
    bar(t('notAcceptedInTime'), h.notAcceptedInTime, COLORS.dontKnow),
    bar(t('outOfHours'), h.outOfHours, COLORS.outOfScope),
    bar(t('callbacksRequested'), h.callbacksRequested, COLORS.neutral),
  ], { labelWidth: 200 });
  const reasons = h.byReason.map((r) => html`<tr><th scope="row">${reasonText(lang, r.reason)}</th><td class="num">${r.count}</td></tr>`);
  return html`<section aria-labelledby="handoffs-heading">
  <h2 id="handoffs-heading">${t('handoffsHeading')}</h2>
  <dl class="cards">
    <div class="card"><dt>${t('medianWait')}</dt><dd><span class="value">${duration(h.medianWaitSeconds, lang)}</span>${h.measuredWaits ? html`<span class="detail">${t('measuredOver', { n: h.measuredWaits })}</span>` : ''}</dd></div>
    <div class="card"><dt>${t('p90Wait')}</dt><dd><span class="value">${duration(h.p90WaitSeconds, lang)}</span></dd></div>
    <div class="card"><dt>${t('afterUnanswered')}</dt><dd><span class="value">${h.afterUnanswered}</span><span class="detail">${t('afterUnansweredDetail', { n: h.afterUnanswered, total: h.requested })}</span></dd></div>
  </dl>
  <figure class="chart-box">${chart}</figure>
  <table class="data compact"><thead><tr><th scope="col">${t('reason')}</th><th scope="col">${t('count')}</th></tr></thead><tbody>${reasons}</tbody></table>
  ${csvLink('handoffs', d, lang)}
</section>`;
}

function csatSection(d: Dashboard, lang: StaffLang): SafeHtml {
  const t = (key: InsightsTextKey, values?: Record<string, string | number>) => insightsText(lang, key, values);
  const c = d.csat;
  const colors = [COLORS.down, COLORS.dontKnow, COLORS.outOfScope, COLORS.neutral, COLORS.answered];
  const chart = horizontalBars(
    { id: 'chart-csat', title: t('csatHeading'), description: t('csatChartDesc') },
    c.distribution.map((count, i) => ({ label: `${'★'.repeat(i + 1)} (${i + 1})`, segments: [{ name: `${t('rating')} ${i + 1}`, value: count, color: colors[i]! }] })),
    { labelWidth: 140 },
  );
  return html`<section aria-labelledby="csat-heading">
  <h2 id="csat-heading">${t('csatHeading')}</h2>
  ${c.ratings
    ? html`<p>${t('ratingsGiven', { ratings: c.ratings, conversations: c.conversations })}${c.average !== undefined ? html` — <strong>${c.average.toFixed(1)} / 5</strong>` : ''}</p>
  <figure class="chart-box">${chart}</figure>
  ${c.comments.length ? html`<h3>${t('comments')}</h3><ul class="examples">${c.comments.map((x) => html`<li>${x}</li>`)}</ul>` : ''}`
    : html`<p class="empty">${t('noCsat')}</p>`}
  ${csvLink('csat', d, lang)}
</section>`;
}

/** The body of GET /staff/insights. */
export function insightsBody(d: Dashboard, view: InsightsView): SafeHtml {
  const lang = view.lang;
  return html`<link rel="stylesheet" href="${INSIGHTS_CSS_PATH}">
<p><a href="${STAFF_BASE}">${insightsText(lang, 'backToHandoffs')}</a></p>
${periodForm(d, view)}
${d.questions.truncated ? html`<p class="notice">${insightsText(lang, 'truncated', { max: d.questions.total })}</p>` : ''}
${summaryCards(d, lang)}
${questionsSection(d, lang)}
${gapsSection(d, lang)}
${documentsSection(d, lang)}
${reportsSection(d, lang)}
${handoffsSection(d, lang)}
${csatSection(d, lang)}`;
}

export function badPeriodNotice(lang: StaffLang): string {
  return insightsText(lang, 'badPeriod', { max: MAX_DAYS });
}
