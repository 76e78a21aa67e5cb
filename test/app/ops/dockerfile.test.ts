import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// The image is not built here (that needs the network); its essentials are checked as text.
const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

describe('Dockerfile', () => {
  it('builds on Node 24 LTS: native modules and dist/ in a build stage, a separate runtime stage', () => {
    expect(instructions).toContain('ARG NODE_VERSION=24');
    const stages = instructions.filter((l) => /^FROM /i.test(l));
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^FROM node:\$\{NODE_VERSION\}-bookworm-slim AS build$/);
    expect(instructions.find((l) => /apt-get install/.test(l))).toMatch(/g\+\+.*make.*python3/);
    expect(instructions).toContain('RUN npm ci');
    expect(instructions).toContain('RUN npm run build && npm prune --omit=dev && npm cache clean --force');
    expect(instructions).toContain('COPY --from=build --chown=root:root /app /app');
  });

  it('runs the compiled JavaScript (npm run start:prod) as a non-root user with a health check on /healthz', () => {
    const runtime = instructions.slice(instructions.findLastIndex((l) => /^FROM /i.test(l)));
    expect(runtime).toContain('USER node');
    expect(runtime.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/\/healthz/);
    expect(runtime.at(-1)).toBe('CMD ["node", "--enable-source-maps", "dist/app/index.js"]');
    expect(runtime).toContain('STOPSIGNAL SIGTERM');
    const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts;
    expect(scripts['start:prod']).toBe('node --enable-source-maps dist/app/index.js');
    expect(scripts.build).toBe('tsx scripts/build.ts');
    expect(scripts.start).toBe('tsx --no-deprecation app/index.ts');
  });

  it('keeps dependencies, data, secrets and tests out of the build context', () => {
    const ignored = fs.readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.data', '.env', '.git', 'test', 'scratch']) expect(ignored).toContain(entry);
    expect(ignored).toContain('!.env.example');
  });
});
