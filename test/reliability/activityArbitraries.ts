import fc from 'fast-check';

/**
 * fast-check generators of what a hostile or broken channel could POST to /api/messages:
 * valid messages with random text, activities with missing or wrongly typed fields, huge and
 * deeply nested values, lone surrogates, unknown activity types, and byte-mutated JSON.
 *
 * Nothing leaves loopback: a serviceUrl, where one is present and a string, is always the
 * caller's loopback channel stub, which takes the replies of non-batched turns (deliveryMode
 * other than expectReplies). A closed port would not do: the connector retries it for seconds.
 */

export interface FuzzRequest {
  /** What kind of request this is, for the failure report. */
  label: string;
  body: Buffer;
  contentType: string | undefined;
}

export interface FuzzOptions {
  /** The server's MAX_BODY_BYTES: huge strings reach it now and then, and sometimes pass it. */
  maxBodyBytes: number;
  /** Loopback URL of the channel stub that receives non-batched replies. */
  serviceUrl: string;
}

/**
 * Inputs this fuzzer found getting a 500 (or replies sent to the connector's default host); all
 * are now refused with a 4xx by channels/api/server.ts. Each has a regression test of its own in
 * messagesFuzz.test.ts; the main property still generates them separately.
 */
export const KNOWN_DEFECTS = [
  'locale-not-a-string',
  'deeply-nested-from-or-recipient',
  // Not a 500 but worse: the replies of a turn that is not batched go to the connector's default
  // host, https://api.botframework.com, retried for ~11 s per request.
  'no-serviceUrl-without-expectReplies',
] as const;
export type KnownDefect = (typeof KNOWN_DEFECTS)[number];
/** Found by this fuzzer and fixed since (channels/api/server.ts); kept as regression tests of their own. */
export type FixedDefect = 'serviceUrl-not-a-string';

const ACTIVITY_TYPES = [
  'message', 'conversationUpdate', 'event', 'invoke', 'messageReaction', 'typing', 'endOfConversation',
  'installationUpdate', 'messageUpdate', 'messageDelete', 'contactRelationUpdate', 'deleteUserData',
  'suggestion', 'trace', 'handoff', 'command', 'commandResult',
];

const REAL_QUESTIONS = [
  'How do I report a claim?',
  'Jak mám nahlásit škodnou událost?',
  'Who can help me use Atradius Insights?',
  'Co mám dělat, když odběratel nezaplatil fakturu po splatnosti?',
  'help',
  'nápověda',
];

/** One UTF-16 code unit from the surrogate range, never paired: invalid Unicode on purpose. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Any code point, a lone surrogate now and then. */
const hostileChar = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: loneSurrogate },
);

const hostileText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...REAL_QUESTIONS) },
  { weight: 4, arbitrary: fc.string({ unit: hostileChar, maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\u0000', '\ufeff', '\u202e', '?', '[1]', '<script>alert(1)</script>') },
);

/**
 * A string of 2,000 characters up to about the body limit. Multi-byte characters take some of
 * them past the limit, which must then be a 413.
 */
function hugeString(maxBodyBytes: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 2_000, max: maxBodyBytes }), fc.string({ unit: hostileChar, minLength: 1, maxLength: 8 }))
    .map(([length, chunk]) => chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length));
}

/** JSON text nested `depth` levels deep: built as text because JSON.stringify would recurse. */
const deeplyNestedJson = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('array', 'object'))
  .map(([depth, kind]) => (kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));

/** Values of the wrong type for any field. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);
const wrongTypeNotString = wrongType.filter((v) => typeof v !== 'string');

/** The right shape most of the time, anything else otherwise. */
const mostly = <T>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<unknown> = wrongType): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: wrong });

const account = fc.record({ id: fc.string({ minLength: 1, maxLength: 40 }), name: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }) });
const locales = fc.constantFrom('cs-CZ', 'en-US', 'sk', 'de-DE', '', 'x'.repeat(300));

export interface ActivityShape {
  fields: Record<string, unknown>;
  /** JSON text too deep for JSON.stringify, spliced in as the value of `field`. */
  nested?: { field: string; json: string };
}

/** An activity whose every field may be wrong, missing, huge or deeply nested; known defects left out. */
export function mutatedActivity(options: FuzzOptions): fc.Arbitrary<ActivityShape> {
  // Huge strings are rare (about 2 % of requests): they dominate the bytes sent and the run time.
  const text = fc.oneof({ weight: 30, arbitrary: hostileText }, { weight: 1, arbitrary: hugeString(options.maxBodyBytes) });
  const base = fc.record(
    {
      type: fc.oneof(
        { weight: 6, arbitrary: fc.constant('message') },
        { weight: 3, arbitrary: fc.constantFrom(...ACTIVITY_TYPES) },
        { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
        { weight: 1, arbitrary: wrongType },
      ),
      id: mostly(fc.string({ maxLength: 40 })),
      text: mostly(text),
      // KNOWN_DEFECTS: a locale that is not a string is left out.
      locale: locales,
      channelId: mostly(fc.constantFrom('test', 'emulator', 'msteams', 'webchat', 'directline', '')),
      // The stub, or (a fixed defect, now a 400) a value that is not a string.
      serviceUrl: fc.oneof({ weight: 9, arbitrary: fc.constant<unknown>(options.serviceUrl) }, { weight: 1, arbitrary: wrongTypeNotString }),
      deliveryMode: fc.oneof(
        { weight: 8, arbitrary: fc.constant('expectReplies') },
        { weight: 1, arbitrary: fc.constantFrom('normal', 'notification', 'ephemeral', 'stream') },
        { weight: 1, arbitrary: wrongType },
      ),
      conversation: fc.oneof(
        { weight: 8, arbitrary: fc.record({ id: fc.string({ minLength: 1, maxLength: 60 }), tenantId: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }) }) },
        { weight: 1, arbitrary: fc.record({ id: fc.oneof(fc.constant(''), wrongType) }) },
      ),
      from: mostly(account),
      recipient: mostly(account.map((a) => ({ ...a, role: 'bot' }))),
      timestamp: mostly(fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string({ maxLength: 30 }))),
      membersAdded: mostly(fc.array(mostly(account), { maxLength: 3 })),
      attachments: mostly(fc.array(fc.record({ contentType: fc.string({ maxLength: 30 }), content: fc.jsonValue({ maxDepth: 2 }) }), { maxLength: 2 })),
      entities: mostly(fc.array(fc.record({ type: fc.string({ maxLength: 30 }) }), { maxLength: 2 })),
      value: wrongType,
      channelData: mostly(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 })),
      name: mostly(fc.string({ maxLength: 30 })),
    },
    { requiredKeys: [] },
  );
  // KNOWN_DEFECTS: deep nesting in `from` / `recipient` is left out.
  const nestedFields = ['value', 'channelData', 'entities', 'attachments', 'text', 'conversation', 'membersAdded', 'extra'];
  return fc
    .tuple(
      base,
      // About 5 % of activities carry one deeply nested value.
      fc.oneof({ weight: 19, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...nestedFields), deeplyNestedJson) }),
      // Unknown keys ride along; they must not override the fields above.
      fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    )
    .map(([activity, nested, extra]): ActivityShape => {
      const fields: Record<string, unknown> = { ...extra, ...activity };
      // An unknown key could by chance be named serviceUrl or locale: keep the guarantees above.
      // A string serviceUrl is only ever the stub, so that no reply can leave loopback.
      if (typeof fields.serviceUrl === 'string') fields.serviceUrl = options.serviceUrl;
      if ('locale' in fields && typeof fields.locale !== 'string') delete fields.locale;
      // KNOWN_DEFECTS: a turn that is not batched always has a serviceUrl.
      if (fields.serviceUrl === undefined && fields.deliveryMode !== 'expectReplies') fields.serviceUrl = options.serviceUrl;
      return nested ? { fields, nested: { field: nested[0], json: nested[1] } } : { fields };
    });
}

/** A valid message activity with exactly one (known or fixed) defect, for the tests of each. */
export function activityWithKnownDefect(defect: KnownDefect | FixedDefect, serviceUrl: string): fc.Arbitrary<ActivityShape> {
  const valid = (overrides: Record<string, unknown>): Record<string, unknown> => ({
    type: 'message',
    text: 'How do I report a claim?',
    serviceUrl,
    channelId: 'test',
    deliveryMode: 'expectReplies',
    conversation: { id: 'known-defect' },
    from: { id: 'user' },
    recipient: { id: 'bot' },
    ...overrides,
  });
  switch (defect) {
    case 'locale-not-a-string':
      return wrongTypeNotString.filter((v) => v !== null).map((locale) => ({ fields: valid({ locale }) }));
    case 'serviceUrl-not-a-string':
      return wrongTypeNotString.filter((v) => v !== null).map((url) => ({ fields: valid({ serviceUrl: url }) }));
    case 'no-serviceUrl-without-expectReplies':
      return fc.constantFrom('normal', undefined).map((deliveryMode) => {
        const { serviceUrl: _none, ...fields } = valid({ deliveryMode });
        return { fields };
      });
    case 'deeply-nested-from-or-recipient':
      return fc
        .tuple(fc.constantFrom('from', 'recipient'), fc.integer({ min: 10_000, max: 20_000 }))
        .map(([field, depth]) => ({ fields: valid({}), nested: { field, json: '['.repeat(depth) + ']'.repeat(depth) } }));
  }
}

/** Stands where the deeply nested JSON goes; replaced by the raw text in `serialise`. */
const NESTED_MARKER = '\u0001nested\u0001';

/** JSON text of an activity, the deeply nested value spliced in unquoted. */
export function serialise(activity: ActivityShape): string {
  if (!activity.nested) return JSON.stringify(activity.fields);
  const withMarker = JSON.stringify({ ...activity.fields, [activity.nested.field]: NESTED_MARKER });
  const nestedJson = activity.nested.json;
  return withMarker.replace(JSON.stringify(NESTED_MARKER), () => nestedJson);
}

/** Byte-level damage to a valid body: truncation, insertion, deletion, overwriting. */
const byteMutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);
type ByteMutation = typeof byteMutation extends fc.Arbitrary<infer T> ? T : never;

function applyMutation(body: Buffer, mutation: ByteMutation): Buffer {
  const at = body.length === 0 ? 0 : mutation.at % body.length;
  switch (mutation.kind) {
    case 'truncate':
      return body.subarray(0, at);
    case 'insert':
      return Buffer.concat([body.subarray(0, at), Buffer.from(mutation.bytes), body.subarray(at)]);
    case 'delete':
      return Buffer.concat([body.subarray(0, at), body.subarray(at + mutation.length)]);
    case 'overwrite': {
      const copy = Buffer.from(body);
      Buffer.from(mutation.bytes).copy(copy, at);
      return copy;
    }
  }
}

// No multipart: restify's multipart parser would write the generated "files" to disk.
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', undefined];

/** One line about a request: kind, content type, size and the start of the body. */
export function describeRequest(request: FuzzRequest): string {
  const preview = request.body.subarray(0, 300).toString('utf8');
  return `${request.label}, ${request.contentType ?? 'no content type'}, ${request.body.length} bytes: ${JSON.stringify(preview)}${request.body.length > 300 ? '…' : ''}`;
}

/** Counterexamples print as `describeRequest` instead of fast-check's dump of every byte. */
function printable(request: FuzzRequest): FuzzRequest {
  return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
}

/** A whole request: mostly JSON activities, some damaged bytes, some odd content types. */
export function fuzzRequest(options: FuzzOptions): fc.Arbitrary<FuzzRequest> {
  const activity = mutatedActivity(options);
  const asJson = activity.map((a): FuzzRequest => ({ label: 'activity', body: Buffer.from(serialise(a)), contentType: 'application/json' }));
  // A flipped byte could change where replies go; the loopback guard in the test catches that.
  const damaged = fc
    .tuple(activity, fc.array(byteMutation, { minLength: 1, maxLength: 3 }))
    .map(([a, mutations]): FuzzRequest => ({ label: 'damaged bytes', body: mutations.reduce(applyMutation, Buffer.from(serialise(a))), contentType: 'application/json' }));
  const oddContentType = fc
    .tuple(activity, fc.constantFrom(...CONTENT_TYPES))
    .map(([a, contentType]): FuzzRequest => ({ label: `content-type ${contentType ?? '(none)'}`, body: Buffer.from(serialise(a)), contentType }));
  const notAnObject = fc
    .jsonValue({ maxDepth: 2 })
    .map((v): FuzzRequest => ({ label: 'JSON that is not an object', body: Buffer.from(JSON.stringify(v) ?? 'null'), contentType: 'application/json' }));
  return fc
    .oneof(
      { weight: 12, arbitrary: asJson },
      { weight: 3, arbitrary: damaged },
      { weight: 1, arbitrary: oddContentType },
      { weight: 1, arbitrary: notAnObject },
    )
    .map(printable);
}
