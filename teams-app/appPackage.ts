import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { iconProblems } from './iconChecks.js';
import { COLOR_ICON, ICONS_DIR, OUTLINE_ICON } from './icons.js';
import { buildManifest, localizations, schemaValidators, type Manifest, type ManifestInput } from './manifest.js';

export class AppPackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`The Teams app package is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppPackageError';
  }
}

export interface AppPackage {
  manifest: Manifest;
  /** The files in the zip, by name. */
  files: Record<string, Buffer>;
  zip: Buffer;
}

/**
 * The app package Teams uploads: manifest.json, the two icons and the Czech strings, at the
 * root of a zip. Everything is checked first (manifest and localization against the bundled
 * schema, icon sizes and the outline's transparency); a problem stops the build.
 */
export async function buildAppPackage(input: ManifestInput): Promise<AppPackage> {
  const manifest = buildManifest(input);
  const validate = schemaValidators();
  const files: Record<string, Buffer> = {
    'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
    [COLOR_ICON]: fs.readFileSync(path.join(ICONS_DIR, COLOR_ICON)),
    [OUTLINE_ICON]: fs.readFileSync(path.join(ICONS_DIR, OUTLINE_ICON)),
  };
  const problems = validate.manifest(manifest).map((p) => `manifest.json: ${p}`);
  for (const [file, strings] of Object.entries(localizations())) {
    problems.push(...validate.localization(strings).map((p) => `${file}: ${p}`));
    files[file] = Buffer.from(`${JSON.stringify(strings, null, 2)}\n`);
  }
  const declared = new Set([manifest.icons.color, manifest.icons.outline, ...manifest.localizationInfo.additionalLanguages.map((l) => l.file)]);
  for (const name of declared) if (!files[name]) problems.push(`manifest.json names ${name}, which is not in the package`);
  problems.push(...iconProblems('color', files[COLOR_ICON]!), ...iconProblems('outline', files[OUTLINE_ICON]!));
  if (problems.length) throw new AppPackageError(problems);

  const zip = new JSZip();
  // A fixed timestamp: the same input gives the same zip.
  for (const [name, content] of Object.entries(files)) zip.file(name, content, { date: new Date('2026-01-01T00:00:00Z') });
  return { manifest, files, zip: await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }) };
}
