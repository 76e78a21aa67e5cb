import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { literalMarkdown } from '../../platform/text/literalMarkdown.js';

// A CommonMark renderer (markdown-it, which the Adaptive Cards JS renderer uses) as the judge:
// the escaped text must render as exactly the characters that were typed, in one paragraph.
const md = new MarkdownIt({ linkify: false, html: true });
const rendered = (text: string) => md.render(text);

describe('literalMarkdown', () => {
  it.each([
    ['a Czech date', '15. 7. 2026'],
    ['a date after a bullet-like start', '1. 1. 2026: podáno'],
    ['a markdown link', '[Ověřte svůj účet](https://evil.example/login)'],
    ['emphasis', '**URGENT** pay _now_'],
    ['a bullet', '- item'],
    ['a heading', '# Title'],
    ['a quote', '> quoted'],
    ['an HTML tag', '<a href="https://evil.example">click</a>'],
    ['inline code and a table pipe', '`rm -rf` | x'],
    ['a multi-line message', 'Dobrý den\n1) první\n- druhá\n**tučně**'],
  ])('%s renders as typed', (_name, text) => {
    const html = rendered(literalMarkdown(text));
    expect(html).not.toMatch(/<(ol|ul|li|a|strong|em|h1|blockquote|code|table)\b/);
    const visible = html.replace(/<\/?p>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\u00A0/g, ' ').trim();
    expect(visible).toBe(text);
  });

  it('leaves plain text alone', () => {
    expect(literalMarkdown('Strojírny Morava a.s., IČO 25596641')).toBe('Strojírny Morava a.s., IČO 25596641');
  });
});
