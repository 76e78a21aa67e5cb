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
  it('builds the native modules in a build stage and runs from a separate runtime stage', () => {
    const stages = instructions.filter((l) => /^FROM /i.test(l));
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/^FROM node:\$\{NODE_VERSION\}-bookworm-slim AS build$/);
    expect(instructions.find((l) => /apt-get install/.test(l))).toMatch(/g\+\+.*make.*python3/);
    expect(instructions).toContain('RUN npm ci --omit=dev && npm cache clean --force');
    expect(instructions).toContain('COPY --from=build --chown=root:root /app /app');
  });

  it('runs as a non-root user with a health check on /healthz and `npm start`', () => {
    const runtime = instructions.slice(instructions.findLastIndex((l) => /^FROM /i.test(l)));
    expect(runtime).toContain('USER node');
    expect(runtime.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/\/healthz/);
    expect(runtime.at(-1)).toBe('CMD ["npm", "start"]');
    expect(runtime).toContain('STOPSIGNAL SIGTERM');
    expect(JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts.start).toBe('tsx --no-deprecation app/index.ts');
  });

  it('keeps dependencies, data, secrets and tests out of the build context', () => {
    const ignored = fs.readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', '.data', '.env', '.git', 'test', 'scratch']) expect(ignored).toContain(entry);
    expect(ignored).toContain('!.env.example');
  });
});
