import { describe, expect, it } from 'vitest';
import { botUrls, browsableHost, demoDataWarnings, startupBanner } from '../../app/banner.js';

describe('start-up banner', () => {
  const facts = { host: '0.0.0.0', port: 3978, mode: 'offline' as const, documents: 25, passages: 153, warnings: ['demo staff credentials in use'] };

  it('names the web chat, /staff and /api/ask addresses a browser on this machine can open', () => {
    const text = startupBanner(facts).join('\n');
    expect(text).toContain('http://localhost:3978/\n');
    expect(text).toContain('http://localhost:3978/staff');
    expect(text).toContain('POST http://localhost:3978/api/ask');
  });

  it('says the mode, the documents and passages, and each warning once', () => {
    const text = startupBanner(facts).join('\n');
    expect(text).toContain('offline');
    expect(text).toContain('25 documents, 153 passages');
    expect(text.split('demo staff credentials').length - 1).toBe(1);
    expect(startupBanner({ ...facts, mode: 'llm', chatModel: 'gpt-4o-mini', documents: 1, passages: 1, warnings: [] }).join('\n')).toMatch(/LLM \(gpt-4o-mini\)[\s\S]*1 document, 1 passage$/);
  });

  it('shows a listening address as one to browse to', () => {
    expect(browsableHost('0.0.0.0')).toBe('localhost');
    expect(browsableHost('::')).toBe('localhost');
    expect(browsableHost('127.0.0.1')).toBe('127.0.0.1');
    expect(browsableHost('::1')).toBe('[::1]');
    expect(botUrls({ host: 'bot.internal', port: 8080 }).staff).toBe('http://bot.internal:8080/staff');
  });

  it('warns about the bundled demo data only while it is in use', () => {
    expect(demoDataWarnings({ STAFF_FILE: '/app/data/staff.demo.json', POLICY_DIRECTORY_FILE: '/app/data/policy-directory.json' })).toHaveLength(2);
    expect(demoDataWarnings({ STAFF_FILE: '/etc/bot/staff.json', POLICY_DIRECTORY_FILE: '/etc/bot/policies.json' })).toEqual([]);
  });
});
