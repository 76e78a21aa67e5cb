/** What a person starting the bot needs to know first: where it answers, in which mode, from what. */
export interface BannerFacts {
  /** The interface it listens on (`HOST`); `0.0.0.0` and `::` are shown as localhost. */
  host: string;
  port: number;
  mode: 'offline' | 'llm';
  chatModel?: string;
  documents: number;
  passages: number;
  /** Demo data and development settings in use, each said once. */
  warnings: string[];
}

/** The host a browser on this machine can open for a listening address. */
export function browsableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export function botUrls(facts: Pick<BannerFacts, 'host' | 'port'>): { webChat: string; staff: string; ask: string; messages: string } {
  const base = `http://${browsableHost(facts.host)}:${facts.port}`;
  return { webChat: `${base}/`, staff: `${base}/staff`, ask: `${base}/api/ask`, messages: `${base}/api/messages` };
}

/** The start-up banner as lines of plain text (no colours: it is also read in CI logs). */
export function startupBanner(facts: BannerFacts): string[] {
  const urls = botUrls(facts);
  const mode = facts.mode === 'llm' ? `LLM (${facts.chatModel ?? 'chat model'})` : 'offline (no API key, no network)';
  const lines = [
    'Support bot ready',
    `  Web chat      ${urls.webChat}`,
    `  Staff         ${urls.staff}`,
    `  Ask API       POST ${urls.ask}  {"question": "…"}`,
    `  Mode          ${mode}`,
    `  Knowledge     ${facts.documents} ${facts.documents === 1 ? 'document' : 'documents'}, ${facts.passages} ${facts.passages === 1 ? 'passage' : 'passages'}`,
  ];
  if (facts.warnings.length) lines.push('  Warnings', ...facts.warnings.map((warning) => `    ! ${warning}`));
  return lines;
}

/** The demo-data warnings for a configuration: the bundled staff credentials and policy directory. */
export function demoDataWarnings(config: { STAFF_FILE: string; POLICY_DIRECTORY_FILE: string }): string[] {
  const warnings: string[] = [];
  if (/staff\.demo\.json$/.test(config.STAFF_FILE)) warnings.push('demo staff credentials in use (data/staff.demo.json): set STAFF_FILE before going live');
  if (/[\\/]data[\\/]policy-directory\.json$/.test(config.POLICY_DIRECTORY_FILE)) warnings.push('the bundled policy directory is fictitious demo data: set POLICY_DIRECTORY_FILE for real clients');
  return warnings;
}
