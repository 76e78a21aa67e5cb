import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppPackageError, buildAppPackage } from './appPackage.js';

/**
 * `npm run teams:package`: builds the Teams app package into .data/teams/ (git-ignored).
 *
 * Reads MicrosoftAppId (required: without the Azure Bot's app id the package would point Teams
 * at no bot, so the build stops instead of using a placeholder), PUBLIC_BASE_URL (optional: its
 * host becomes the valid domain) and TEAMS_APP_VERSION (optional; default: package.json's
 * version — raise it for every re-upload). Only these: no secret is needed to build a package.
 */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string): never {
  console.error(`teams:package: ${message}`);
  process.exit(1);
}

const env = (name: string) => process.env[name]?.trim() || undefined;

async function main(): Promise<void> {
  const appId = env('MicrosoftAppId');
  if (!appId) fail('MicrosoftAppId is not set. Set it to the Microsoft App ID of your Azure Bot (e.g. MicrosoftAppId=… npm run teams:package, or tsx --env-file=.env teams-app/package.ts).');
  const version = env('TEAMS_APP_VERSION') ?? (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const publicBaseUrl = env('PUBLIC_BASE_URL');
  if (!publicBaseUrl) console.warn('teams:package: PUBLIC_BASE_URL is not set: the package lists no valid domain, so links to the staff workspace open outside Teams.');

  let built;
  try {
    built = await buildAppPackage({ appId, version, ...(publicBaseUrl ? { publicBaseUrl } : {}) });
  } catch (error) {
    fail(error instanceof AppPackageError || error instanceof Error ? error.message : String(error));
  }
  const outDir = path.join(projectRoot, '.data', 'teams');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `support-bot-teams-${version}.zip`);
  fs.writeFileSync(file, built.zip);
  process.stdout.write(`Teams app package: ${path.relative(process.cwd(), file)} (manifest ${built.manifest.manifestVersion}, app ${appId}, version ${version}, files ${Object.keys(built.files).join(', ')})\n`);
  process.stdout.write(uploadSteps(path.relative(process.cwd(), file)).join('\n') + '\n');
}

/** What to do with the zip (README "Run in Teams", step 4). */
function uploadSteps(zip: string): string[] {
  return [
    'Next:',
    `  1. Teams → Apps → Manage your apps → Upload an app → Upload a custom app, and choose ${zip}`,
    '     (or the Teams admin centre → Teams apps → Manage apps → Upload new app, for the whole organisation).',
    '  2. Install it for every manager (personal scope): on installation the bot greets them and remembers the chat.',
    '  3. Re-uploading a changed package needs a higher version: TEAMS_APP_VERSION=… npm run teams:package.',
  ];
}

await main();
