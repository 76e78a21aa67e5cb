import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppPackageError, buildAppPackage } from '../../teams-app/appPackage.js';
import { iconProblems } from '../../teams-app/iconChecks.js';
import { colorIcon, COLOR_ICON, ICONS_DIR, outlineIcon, OUTLINE_ICON } from '../../teams-app/icons.js';
import { buildManifest, localizations, MANIFEST_VERSION, SCHEMA_DIR, schemaValidators, TEMPLATE_FILE } from '../../teams-app/manifest.js';
import { decodePng, encodePng, pngInfo } from '../../teams-app/png.js';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const input = { appId: APP_ID, version: '1.2.3', publicBaseUrl: 'https://bot.example.cz/' };

describe('Teams app manifest', () => {
  it('validates against the bundled manifest schema of the version it declares', () => {
    const manifest = buildManifest(input);
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'MicrosoftTeams.schema.json'), 'utf8')) as { properties: { manifestVersion: { const?: string } } };
    expect(schema.properties.manifestVersion.const).toBe(MANIFEST_VERSION);
    expect(manifest.manifestVersion).toBe(MANIFEST_VERSION);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
    expect(schemaValidators().manifest(manifest)).toEqual([]);
  });

  it('carries the bot id from MicrosoftAppId, all three scopes and the valid domain', () => {
    const manifest = buildManifest(input);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'] });
    expect(manifest.validDomains).toEqual(['bot.example.cz']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(buildManifest({ ...input, publicBaseUrl: undefined }).validDomains).toEqual([]);
  });

  it('has its command lists in English and, through the localization file, in Czech', () => {
    const manifest = buildManifest(input);
    const cs = localizations()['cs-cz.json']!;
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en-us', additionalLanguages: [{ languageTag: 'cs-cz', file: 'cs-cz.json' }] });
    expect(schemaValidators().localization(cs)).toEqual([]);
    const titles = manifest.bots[0]!.commandLists.flatMap((list, l) => list.commands.map((command, c) => ({ en: command.title, cs: cs[`bots[0].commandLists[${l}].commands[${c}].title`], csDescription: cs[`bots[0].commandLists[${l}].commands[${c}].description`] })));
    expect(titles.map((t) => t.en)).toContain('help');
    expect(titles.map((t) => t.cs)).toContain('nápověda');
    for (const t of titles) {
      expect(typeof t.cs, `Czech title for "${t.en}"`).toBe('string');
      expect(typeof t.csDescription, `Czech description for "${t.en}"`).toBe('string');
    }
    // Every Czech key addresses a command that exists.
    const commandKeys = Object.keys(cs).filter((k) => k.startsWith('bots['));
    expect(commandKeys).toHaveLength(titles.length * 2);
  });

  it('reports what is wrong with an invalid manifest', () => {
    const manifest = { ...buildManifest(input), accentColor: 'navy' };
    expect(schemaValidators().manifest(manifest).join('\n')).toMatch(/accentColor/);
    expect(() => buildManifest({ ...input, appId: 'my-bot' })).toThrow(/GUID/);
  });

  it('keeps the template itself valid (placeholders included), so editing it is checked too', () => {
    expect(schemaValidators().manifest(JSON.parse(fs.readFileSync(TEMPLATE_FILE, 'utf8')))).toEqual([]);
  });
});

describe('Teams app icons', () => {
  it('are PNGs of the required sizes; the outline is white on transparent', () => {
    const color = fs.readFileSync(path.join(ICONS_DIR, COLOR_ICON));
    const outline = fs.readFileSync(path.join(ICONS_DIR, OUTLINE_ICON));
    expect(pngInfo(color)).toMatchObject({ width: 192, height: 192 });
    expect(pngInfo(outline)).toMatchObject({ width: 32, height: 32 });
    expect(iconProblems('color', color)).toEqual([]);
    expect(iconProblems('outline', outline)).toEqual([]);
    const pixels = decodePng(outline).data;
    // Transparent corners, something drawn.
    expect(pixels[3]).toBe(0);
    expect(pixels[pixels.length - 1]).toBe(0);
  });

  it('are the committed output of teams-app/icons.ts (pixel for pixel)', () => {
    expect(decodePng(fs.readFileSync(path.join(ICONS_DIR, COLOR_ICON))).data).toEqual(colorIcon().data);
    expect(decodePng(fs.readFileSync(path.join(ICONS_DIR, OUTLINE_ICON))).data).toEqual(outlineIcon().data);
  });

  it('are checked: a wrong size, a coloured outline or a non-PNG is reported', () => {
    const red = outlineIcon();
    red.data.set([255, 0, 0, 255], 16 * 32 * 4 + 16 * 4);
    expect(iconProblems('outline', encodePng(red)).join()).toMatch(/not white/);
    expect(iconProblems('color', encodePng(outlineIcon())).join()).toMatch(/192×192/);
    expect(iconProblems('color', Buffer.from('GIF89a')).join()).toMatch(/Not a PNG/);
  });
});

describe('Teams app package', () => {
  it('zips manifest.json, both icons and the Czech strings at the root', async () => {
    const built = await buildAppPackage(input);
    const zip = await JSZip.loadAsync(built.zip);
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'cs-cz.json', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { id: string; bots: { botId: string }[] };
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(pngInfo(await zip.file('outline.png')!.async('uint8array'))).toMatchObject({ width: 32, height: 32 });
  });

  it('refuses to build with an invalid version, naming the problem', async () => {
    await expect(buildAppPackage({ ...input, version: 'x'.repeat(300) })).rejects.toThrow(AppPackageError);
  });

  it('npm run teams:package stops with a clear message when MicrosoftAppId is not set', () => {
    const env = { ...process.env };
    delete env.MicrosoftAppId;
    const run = spawnSync(path.resolve('node_modules/.bin/tsx'), ['teams-app/package.ts'], { env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/MicrosoftAppId is not set/);
  });
});
