/**
 * The import rules of the architecture (README "Architecture"), checked by `npm test`
 * (`npm run boundaries`). Layers, lowest first; a folder may import its own layer and those below:
 *
 *   platform < locales < knowledge < dialogs < identity, privacy, handoff < staff < insights < bot < channels
 *
 * storage/ implements the stores that the layers above define (it may import their types), and
 * nothing but the composition root (app/) imports it. app/ wires everything and is the one
 * folder exempt from the direction rule. Tools (bench/, scripts/, test/) may import anything,
 * but never form a cycle.
 */
const product = ['app', 'bot', 'channels', 'dialogs', 'handoff', 'identity', 'insights', 'knowledge', 'locales', 'platform', 'privacy', 'staff', 'storage'];
const folders = (names) => `^(${names.join('|')})/`;
const except = (...allowed) => folders(product.filter((name) => !allowed.includes(name)));

/** Which product folders each folder may import (besides itself). */
const allowed = {
  platform: [],
  locales: ['platform'],
  knowledge: ['platform', 'locales'],
  dialogs: ['platform', 'locales', 'knowledge'],
  identity: ['platform', 'locales', 'knowledge', 'dialogs'],
  privacy: ['platform', 'locales', 'knowledge', 'dialogs'],
  handoff: ['platform', 'locales', 'knowledge', 'dialogs'],
  staff: ['platform', 'locales', 'knowledge', 'dialogs', 'identity', 'privacy', 'handoff'],
  insights: ['platform', 'locales', 'knowledge', 'dialogs', 'identity', 'privacy', 'handoff', 'staff'],
  bot: ['platform', 'locales', 'knowledge', 'dialogs', 'identity', 'privacy', 'handoff', 'insights'],
  channels: ['platform', 'locales', 'knowledge', 'dialogs', 'identity', 'privacy', 'handoff', 'staff', 'insights', 'bot'],
  storage: ['platform', 'locales', 'knowledge', 'dialogs', 'identity', 'privacy', 'handoff', 'staff', 'insights', 'bot', 'channels'],
};

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle works only by hoisting and hides which module owns what.',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(allowed).map(([folder, mayImport]) => ({
      name: `${folder}-direction`,
      severity: 'error',
      comment: `${folder}/ may import only ${mayImport.length ? mayImport.join(', ') : 'nothing of ours'} (and itself).`,
      from: { path: `^${folder}/` },
      to: { path: except(folder, ...mayImport) },
    })),
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.data|scratch|coverage|test-artifacts)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
