import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import { contentSecurityPolicy, newNonce, pageSecurityHeaders } from './pageSecurity.js';
import { requestOrigin } from '../../platform/http/requestOrigin.js';
import { errorBody } from '../../platform/http/errors.js';

const gzip = promisify(zlib.gzip);

/** The page and its assets live in web/ at the project root. */
export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Versioned assets never change under their URL. */
  immutable: boolean;
  gzipped?: Promise<Buffer>;
}

export interface PageRoutesDeps {
  /** Origins besides our own that the page may connect to (Azure's Direct Line in production). */
  connectOrigins: string[];
  trustedProxies: number;
  webDir?: string;
}

/** Where the installed Web Chat keeps its browser bundle (its `exports` hide dist/ from resolve). */
export function webChatBundle(): { file: string; version: string } {
  const entry = createRequire(import.meta.url).resolve('botframework-webchat');
  let dir = path.dirname(entry);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return { file: path.join(dir, 'dist', 'webchat.js'), version };
}

function asset(body: Buffer, contentType: string, immutable: boolean): Asset {
  return { body, contentType, immutable, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

/**
 * GET / (the chat page) and /web/* (its script, styles, and the installed Web Chat bundle: no CDN,
 * the machine may be offline). Every response carries the page's security headers.
 */
export function registerPageRoutes(server: Server, deps: PageRoutesDeps): void {
  const webDir = deps.webDir ?? WEB_DIR;
  const template = fs.readFileSync(path.join(webDir, 'index.html'), 'utf8');
  const bundle = webChatBundle();
  const bundlePath = `/web/vendor/webchat-${bundle.version}.js`;

  // Read once at start-up: a fixed list of files, so no request path ever reaches the file system.
  const assets = new Map<string, Asset>();
  for (const name of fs.readdirSync(webDir)) {
    const contentType = CONTENT_TYPES[path.extname(name)];
    const file = path.join(webDir, name);
    if (!contentType || !fs.statSync(file).isFile()) continue;
    assets.set(`/web/${name}`, asset(fs.readFileSync(file), contentType, false));
  }
  // Read on first use: 3.8 MB that tests and API-only deployments never ask for.
  let bundleAsset: Asset | undefined;
  const loadBundle = () => (bundleAsset ??= asset(fs.readFileSync(bundle.file), CONTENT_TYPES['.js']!, true));

  server.get('/', async (req: Request, res: Response) => {
    const nonce = newNonce();
    const { secure, host } = requestOrigin(req, deps.trustedProxies);
    const html = template.replaceAll('{{NONCE}}', nonce).replaceAll('{{WEBCHAT_BUNDLE}}', bundlePath);
    res.writeHead(200, {
      ...pageSecurityHeaders(secure),
      'content-type': 'text/html; charset=utf-8',
      // The nonce is per response: the page must never be served from a cache.
      'cache-control': 'no-store',
      'content-security-policy': contentSecurityPolicy({ nonce, connectOrigins: deps.connectOrigins, webSocketOrigin: `${secure ? 'wss' : 'ws'}://${host}` }),
    });
    res.end(html);
  });

  server.get('/web/*', async (req: Request, res: Response) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const found = pathname === bundlePath ? loadBundle() : assets.get(pathname);
    const { secure } = requestOrigin(req, deps.trustedProxies);
    if (!found) {
      res.writeHead(404, { ...pageSecurityHeaders(secure), 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(errorBody('NotFound', 'No such file.')));
      return;
    }
    const headers: Record<string, string> = {
      ...pageSecurityHeaders(secure),
      'content-type': found.contentType,
      etag: found.etag,
      vary: 'accept-encoding',
      // Our own files change with a deployment: revalidate (cheap, by ETag). The bundle's URL has its version.
      'cache-control': found.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (req.headers['if-none-match'] === found.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    let body = found.body;
    if (found.body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      body = await (found.gzipped ??= gzip(found.body, { level: 6 }));
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(body);
  });
}
