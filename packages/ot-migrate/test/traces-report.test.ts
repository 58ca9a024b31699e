// The parts of `ot-migrate traces` that need no network: the report builder's edge cases (which
// client is matched to which new trace, what is not a broken hop), the graph's escaping of
// service names, the command line's mistakes, OTLP/JSON's variants, and the vendored .proto files
// staying the official ones.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from '../src/cli';
import { parseAttributes, parseDurationMs, spanFilter } from '../src/traces/filters';
import { renderGraph } from '../src/traces/graph';
import {
  decodeTraceRequest,
  PayloadError,
  PROTO_DIR,
  TooManySpansError,
} from '../src/traces/otlp-decode';
import { renderText } from '../src/traces/render-text';
import { buildReport } from '../src/traces/report';
import type { CollectedSpan } from '../src/traces/report-model';
import { SpanBuffer, estimateSpanBytes } from '../src/traces/span-buffer';
import { readSpanFile } from '../src/traces/store';
import {
  MAX_ARRAY_ITEMS,
  MAX_ATTRIBUTE_KEY_CHARS,
  MAX_ATTRIBUTES,
  MAX_RESOURCE_NAME_CHARS,
  MAX_SPANS_PER_REQUEST,
  MAX_SPAN_NAME_CHARS,
  MAX_VALUE_CHARS,
} from '../src/traces/span-limits';

const BASE_NS = 1_700_000_000_000_000_000n;

let next = 0;
/** A span at `startMs`..`endMs` after the base time; ids unique unless given. */
function span(
  fields: Partial<CollectedSpan> & { startMs?: number; endMs?: number },
): CollectedSpan {
  next += 1;
  const { startMs = 0, endMs = 10, ...rest } = fields;
  return {
    traceId: next.toString(16).padStart(32, '0'),
    spanId: next.toString(16).padStart(16, '0'),
    parentSpanId: '',
    name: 'op',
    kind: 1,
    startTimeUnixNano: String(BASE_NS + BigInt(startMs) * 1_000_000n),
    endTimeUnixNano: String(BASE_NS + BigInt(endMs) * 1_000_000n),
    statusCode: 0,
    service: 'svc',
    scope: { name: 'native', version: '' },
    attributes: {},
    receivedAtMs: 0,
    ...rest,
  };
}

describe('hop-without-context', () => {
  it('matches each new trace to one call: the earliest caller gets the earliest root', () => {
    const first = span({ service: 'a', name: 'call 1', kind: 3, startMs: 0, endMs: 100 });
    const second = span({ service: 'a', name: 'call 2', kind: 3, startMs: 5, endMs: 100 });
    const rootA = span({ service: 'b', name: 'serve 1', kind: 2, startMs: 10, endMs: 20 });
    const rootB = span({ service: 'b', name: 'serve 2', kind: 2, startMs: 30, endMs: 40 });
    const { broken } = buildReport([rootB, second, first, rootA]);
    // Sorted by trace id: first's trace was made first, so its id is the smaller.
    expect(broken.map((entry) => [entry.hop?.fromOperation, entry.hop?.toOperation])).toEqual([
      ['call 1', 'serve 1'],
      ['call 2', 'serve 2'],
    ]);
    expect(broken.every((entry) => entry.kind === 'hop-without-context')).toBe(true);
  });

  it('is not a broken hop: a call with a child, the same service, another kind, outside the windows', () => {
    const caller = span({ service: 'a', kind: 3, startMs: 100, endMs: 200 });
    const child = span({
      traceId: caller.traceId,
      parentSpanId: caller.spanId,
      service: 'b',
      kind: 2,
      startMs: 110,
    });
    const lone = span({ service: 'a', kind: 4, startMs: 300, endMs: 400 });
    const sameService = span({ service: 'a', kind: 2, startMs: 310 });
    const internalRoot = span({ service: 'c', kind: 1, startMs: 320 });
    // A producer's message is answered by a consumer, not a server.
    const server = span({ service: 'c', kind: 2, startMs: 330 });
    // The queue window ends 10 s after the producer span.
    const tooLate = span({ service: 'c', kind: 5, startMs: 400 + 10_001 });
    const tooEarly = span({ service: 'c', kind: 5, startMs: 299 });
    const report = buildReport([
      caller,
      child,
      lone,
      sameService,
      internalRoot,
      server,
      tooLate,
      tooEarly,
    ]);
    expect(report.broken).toEqual([]);
    expect(report.edges).toEqual([{ from: 'a', to: 'b', calls: 1, errors: 0 }]);
  });

  it('a producer whose consumer starts a new trace inside its window is a broken hop', () => {
    const producer = span({ service: 'a', name: 'publish', kind: 4, startMs: 0, endMs: 50 });
    const consumer = span({ service: 'q', name: 'consume', kind: 5, startMs: 50, endMs: 60 });
    expect(buildReport([producer, consumer]).broken).toEqual([
      expect.objectContaining({
        kind: 'hop-without-context',
        traceId: producer.traceId,
        hop: {
          fromService: 'a',
          fromOperation: 'publish',
          toService: 'q',
          toOperation: 'consume',
          newTraceId: consumer.traceId,
        },
      }),
    ]);
  });
});

describe('hop-without-context: calls nothing answers', () => {
  it('is not a database call, nor a call to another host than the one a new trace served', () => {
    // A request into orders runs a query; meanwhile gateway serves an unrelated request.
    const query = span({
      service: 'orders',
      name: 'SELECT orders',
      kind: 3,
      startMs: 0,
      endMs: 50,
      attributes: { 'db.system.name': 'postgresql' },
    });
    const legacyQuery = span({
      service: 'orders',
      name: 'query',
      kind: 3,
      startMs: 0,
      endMs: 50,
      attributes: { 'db.type': 'sql' },
    });
    const payment = span({
      service: 'orders',
      name: 'POST',
      kind: 3,
      startMs: 0,
      endMs: 50,
      attributes: { 'server.address': 'api.payments.example' },
    });
    const health = span({
      service: 'gateway',
      name: 'GET /health',
      kind: 2,
      startMs: 10,
      attributes: { 'server.address': 'gateway.internal:8080' },
    });
    expect(buildReport([query, legacyQuery, payment, health]).broken).toEqual([]);
    // The same call to gateway's host is a broken hop.
    const toGateway = span({
      service: 'orders',
      name: 'GET',
      kind: 3,
      startMs: 0,
      endMs: 50,
      attributes: { 'server.address': 'Gateway.internal' },
    });
    expect(buildReport([toGateway, health]).broken.map(({ hop }) => hop?.toOperation)).toEqual([
      'GET /health',
    ]);
  });
});

describe('hop-without-context through a queue', () => {
  it('takes a consumer that started seconds after the producer ended, when the destinations agree', () => {
    const publish = span({
      service: 'shop',
      name: 'publish',
      kind: 4,
      startMs: 0,
      endMs: 1,
      attributes: { 'messaging.destination.name': 'billing' },
    });
    const otherQueue = span({
      service: 'mail',
      name: 'send mail',
      kind: 5,
      startMs: 2_000,
      attributes: { 'messaging.destination.name': 'mail' },
    });
    const charge = span({
      service: 'billing',
      name: 'charge',
      kind: 5,
      startMs: 9_000,
      attributes: { 'message_bus.destination': 'billing' },
    });
    const { broken } = buildReport([publish, otherQueue, charge]);
    expect(broken.map(({ hop }) => hop)).toEqual([
      {
        fromService: 'shop',
        fromOperation: 'publish',
        toService: 'billing',
        toOperation: 'charge',
        newTraceId: charge.traceId,
      },
    ]);
  });

  it('is not a broken hop when the consumer links to its producer (a new trace with a link)', () => {
    const publish = span({ service: 'shop', name: 'publish', kind: 4, startMs: 0, endMs: 1 });
    const consume = span({
      service: 'billing',
      name: 'consume',
      kind: 5,
      startMs: 5,
      links: [{ traceId: publish.traceId, spanId: publish.spanId }],
    });
    // Another producer whose consumer links elsewhere: that consumer is no new trace to match.
    const lone = span({ service: 'shop', name: 'publish again', kind: 4, startMs: 2, endMs: 3 });
    const report = buildReport([publish, consume, lone]);
    expect(report.broken).toEqual([]);
  });

  it("reads links from OTLP/JSON, ids checked as a span's are", () => {
    const body = (links: unknown[]) =>
      Buffer.from(
        JSON.stringify({
          resourceSpans: [
            {
              scopeSpans: [
                {
                  spans: [
                    {
                      traceId: 'ab'.repeat(16),
                      spanId: 'cd'.repeat(8),
                      name: 'consume',
                      kind: 5,
                      links,
                    },
                  ],
                },
              ],
            },
          ],
        }),
      );
    const [decoded] = decodeTraceRequest(
      body([{ traceId: '12'.repeat(16), spanId: '34'.repeat(8), attributes: [] }]),
      'json',
      0,
    );
    expect(decoded.links).toEqual([{ traceId: '12'.repeat(16), spanId: '34'.repeat(8) }]);
    expect(() =>
      decodeTraceRequest(body([{ traceId: 'zz', spanId: '34'.repeat(8) }]), 'json', 0),
    ).toThrow(PayloadError);
    const many = Array.from({ length: 100 }, () => ({
      traceId: '12'.repeat(16),
      spanId: '34'.repeat(8),
    }));
    expect(decodeTraceRequest(body(many), 'json', 0)[0].links).toHaveLength(32);
  });
});

describe('the catalog', () => {
  it('takes the nearest-rank median, the bridge scopes and legacy formats as lists or text', () => {
    const spans = [3, 1, 2, 10].map((ms) =>
      span({
        name: 'q',
        endMs: ms,
        scope: { name: 'opentracing-otel-bridge/jaeger', version: '' },
      }),
    );
    spans.push(
      span({ name: 'r', attributes: { 'opentracing.propagation.format': ['b3', 'jaeger'] } }),
      span({ name: 'r', attributes: { 'opentracing.propagation.format': 'b3' }, statusCode: 2 }),
    );
    const [entry] = buildReport(spans).services;
    expect(entry).toEqual({
      service: 'svc',
      spans: 6,
      operations: [
        { name: 'q', spans: 4, errors: 0, p50Ms: 2, maxMs: 10 },
        { name: 'r', spans: 2, errors: 1, p50Ms: 10, maxMs: 10 },
      ],
      bridgeSpans: 4,
      nativeSpans: 2,
      bridgeShare: 4 / 6,
      legacyFormats: { b3: 2, jaeger: 1 },
    });
  });
});

describe('the graph', () => {
  const hostile = 'evil"] --> x[("pwn")];\n<script>#1|';

  it('never lets a service name out of its Mermaid label', () => {
    const { mermaid } = renderGraph(
      [hostile, 'ok'],
      [{ from: hostile, to: 'ok', calls: 2, errors: 0 }],
      [],
    );
    const [, label] = mermaid.split('\n');
    expect(label).toBe(
      '  s0["evil#34;#93; --#62; x#91;#40;#34;pwn#34;#41;#93;#59;#10;#60;script#62;#35;1#124;"]',
    );
    expect(mermaid.split('\n')).toHaveLength(4);
    expect(mermaid).toContain('  s0 -->|2 calls| s1');
  });

  it('escapes quotes, backslashes and line breaks in DOT', () => {
    const { dot } = renderGraph(['a\\"b\nc'], [], []);
    expect(dot).toContain('  s0 [label="a\\\\\\"b\\nc"];');
  });
});

describe('OTLP/JSON variants', () => {
  const body = (spanFields: Record<string, unknown>) =>
    Buffer.from(
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: '0AF7651916CD43DD8448EB211C80319C',
                    spanId: 'B7AD6B7169203331',
                    ...spanFields,
                  },
                ],
              },
            ],
          },
        ],
      }),
    );

  it('accepts enum names, numbers as times, nested values, upper-case ids; no service name', () => {
    const [decoded] = decodeTraceRequest(
      body({
        kind: 'SPAN_KIND_CONSUMER',
        status: { code: 'STATUS_CODE_ERROR' },
        startTimeUnixNano: 1_000,
        attributes: [
          { key: 'kv', value: { kvlistValue: { values: [{ key: 'n', value: { intValue: 7 } }] } } },
          { key: 'nan', value: { doubleValue: 'NaN' } },
        ],
      }),
      'json',
      5,
    );
    expect(decoded).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      kind: 5,
      statusCode: 2,
      startTimeUnixNano: '1000',
      endTimeUnixNano: '0',
      service: 'unknown_service',
      attributes: { kv: { n: 7 }, nan: 'NaN' },
      receivedAtMs: 5,
    });
  });

  it.each([
    ['an all-zero span id', { spanId: '0000000000000000' }, /spanId is not a valid/],
    ['a time that is not a number', { startTimeUnixNano: 'soon' }, /startTimeUnixNano/],
    ['an unknown kind name', { kind: 'SPAN_KIND_MAYBE' }, /kind is not a valid enum/],
  ])('refuses %s', (_name, fields, message) => {
    expect(() => decodeTraceRequest(body(fields), 'json', 0)).toThrow(PayloadError);
    expect(() => decodeTraceRequest(body(fields), 'json', 0)).toThrow(message);
  });

  it('refuses attribute values nested past the limit instead of exhausting the stack', () => {
    let value: unknown = { stringValue: 'deep' };
    for (let depth = 0; depth < 100; depth += 1) value = { arrayValue: { values: [value] } };
    expect(() =>
      decodeTraceRequest(body({ attributes: [{ key: 'k', value }] }), 'json', 0),
    ).toThrow(/nest too deep/);
  });
});

describe('the span cap', () => {
  it('keeps the newest spans in arrival order', () => {
    const buffer = new SpanBuffer(3);
    const spans = [1, 2, 3, 4, 5].map((ms) => span({ startMs: ms }));
    spans.forEach((item) => buffer.add(item));
    expect(buffer.spans()).toEqual(spans.slice(2));
    expect(buffer.dropped).toBe(2);
  });

  it('keeps the spans within a size too, dropping the oldest, but always the newest', () => {
    const big = () => span({ attributes: { text: 'x'.repeat(4000) } });
    const one = estimateSpanBytes(big());
    const buffer = new SpanBuffer(100, one * 3);
    const spans = Array.from({ length: 5 }, big);
    spans.forEach((item) => buffer.add(item));
    expect(buffer.spans()).toEqual(spans.slice(2));
    expect(buffer.dropped).toBe(2);
    const alone = new SpanBuffer(100, 10);
    alone.add(spans[0]);
    alone.add(spans[1]);
    expect(alone.spans()).toEqual([spans[1]]);
    expect(alone.dropped).toBe(1);
  });

  it('sizes attributes that nest deeper than a stack, without recursion', () => {
    let nested: unknown = 'leaf';
    for (let depth = 0; depth < 200_000; depth += 1) nested = [nested];
    expect(estimateSpanBytes(span({ attributes: { nested } }))).toBeGreaterThan(200_000 * 32);
  });
});

describe('reading a stored collection back', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ot-migrate-store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('skips a line too long to be a span without holding it, and splits lines across chunks', async () => {
    // A name of 40,000 three-byte characters: its line crosses the read stream's 64 KiB chunks.
    const wide = span({ name: '€'.repeat(40_000) });
    const after = span({ name: 'after' });
    const file = join(dir, 'spans.jsonl');
    writeFileSync(
      file,
      [JSON.stringify(wide), 'x'.repeat(17 * 1024 * 1024), JSON.stringify(after), ''].join('\n'),
    );
    const stored = await readSpanFile(file, 10);
    expect(stored.spans.map((item) => item.name)).toEqual([wide.name, 'after']);
    expect(stored.skippedLines).toBe(1);
  });

  it('skips a line whose fields do not have the types a span has', async () => {
    const good = span({ name: 'good' });
    const file = join(dir, 'spans.jsonl');
    writeFileSync(
      file,
      [{ ...good, scope: {} }, { ...good, kind: 1.5 }, { ...good, attributes: [] }, good]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const stored = await readSpanFile(file, 10);
    expect(stored.spans).toEqual([good]);
    expect(stored.skippedLines).toBe(3);
    expect(() => buildReport(stored.spans)).not.toThrow();
  });

  it('refuses what is not a regular file (a FIFO would wait for a writer forever)', async () => {
    await expect(readSpanFile(dir, 10)).rejects.toThrow(`${dir} is not a regular file`);
  });
});

describe('what a span may hold once decoded', () => {
  const request = (spans: unknown[], service = 'svc') =>
    Buffer.from(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
            scopeSpans: [{ scope: { name: 's'.repeat(1000), version: '1' }, spans }],
          },
        ],
      }),
    );
  const ids = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) };

  it('cuts names, keys, text values, lists and attribute counts to their bounds', () => {
    const attributes = [
      { key: 'k'.repeat(1000), value: { stringValue: 'v'.repeat(100_000) } },
      { key: 'list', value: { arrayValue: { values: Array(1000).fill({ intValue: 1 }) } } },
      {
        key: 'map',
        value: {
          kvlistValue: {
            values: Array.from({ length: 1000 }, (_, i) => ({
              key: `e${i}`,
              value: { boolValue: true },
            })),
          },
        },
      },
      ...Array.from({ length: 1000 }, (_, i) => ({ key: `a${i}`, value: { intValue: i } })),
    ];
    const [decoded] = decodeTraceRequest(
      request([{ ...ids, name: 'n'.repeat(100_000), attributes }], 'S'.repeat(100_000)),
      'json',
      0,
    );
    expect(decoded.service).toHaveLength(MAX_RESOURCE_NAME_CHARS);
    expect(decoded.service.endsWith('…')).toBe(true);
    expect(decoded.scope.name).toHaveLength(MAX_RESOURCE_NAME_CHARS);
    expect(decoded.name).toHaveLength(MAX_SPAN_NAME_CHARS);
    const keys = Object.keys(decoded.attributes);
    expect(keys).toHaveLength(MAX_ATTRIBUTES);
    expect(keys[0]).toHaveLength(MAX_ATTRIBUTE_KEY_CHARS);
    expect(decoded.attributes[keys[0]]).toHaveLength(MAX_VALUE_CHARS);
    expect(decoded.attributes.list).toHaveLength(MAX_ARRAY_ITEMS);
    expect(Object.keys(decoded.attributes.map as object)).toHaveLength(MAX_ATTRIBUTES);
    // The figures the report reads are whole: ids, kind, times.
    expect([decoded.traceId, decoded.spanId]).toEqual([ids.traceId, ids.spanId]);
  });

  it(`refuses more than ${MAX_SPANS_PER_REQUEST} spans in one request, as too large`, () => {
    const spans = Array.from({ length: MAX_SPANS_PER_REQUEST + 1 }, () => ids);
    expect(() => decodeTraceRequest(request(spans), 'json', 0)).toThrow(TooManySpansError);
    expect(decodeTraceRequest(request(spans.slice(1)), 'json', 0)).toHaveLength(
      MAX_SPANS_PER_REQUEST,
    );
  });

  it('takes null as absent (the proto3 JSON mapping), and an all-zero parent id as none', () => {
    const body = Buffer.from(
      JSON.stringify({
        resourceSpans: [
          {
            resource: null,
            scopeSpans: [
              {
                scope: null,
                spans: [
                  { ...ids, parentSpanId: null, status: null },
                  { traceId: ids.traceId, spanId: '12'.repeat(8), parentSpanId: '0'.repeat(16) },
                ],
              },
            ],
          },
        ],
      }),
    );
    const decoded = decodeTraceRequest(body, 'json', 0);
    expect(decoded.map(({ parentSpanId }) => parentSpanId)).toEqual(['', '']);
    expect(decoded[0]).toMatchObject({ service: 'unknown_service', statusCode: 0 });
  });

  it('refuses an int value longer than an int64 rather than keep its text', () => {
    const attributes = [{ key: 'n', value: { intValue: '9'.repeat(100) } }];
    expect(() => decodeTraceRequest(request([{ ...ids, attributes }]), 'json', 0)).toThrow(
      PayloadError,
    );
  });
});

describe('filters and the text report', () => {
  it('takes an attribute named __proto__ as a filter like any other', () => {
    const attributes = parseAttributes(['__proto__=x']);
    expect(Object.keys(attributes)).toEqual(['__proto__']);
    const matches = spanFilter({ attributes })!;
    expect(
      matches(span({ attributes: JSON.parse('{"__proto__":"x"}') as Record<string, unknown> })),
    ).toBe(true);
    expect(matches(span({}))).toBe(false);
  });

  it('says how many spans were kept before filtering only when there are filters', () => {
    const only = span({});
    const twice = buildReport([only, { ...only }]);
    expect(renderText(twice)).not.toContain('before filtering');
    const filtered = buildReport([only, { ...only }, span({ service: 'other' })], {
      filters: { service: ['svc'] },
    });
    expect(renderText(filtered)).toContain('(2 span(s) kept before filtering)');
  });
});

describe('the command line', () => {
  function writer() {
    let text = '';
    return { write: (chunk: string) => ((text += chunk), true), text: () => text, isTTY: false };
  }

  it.each([
    [
      ['--min-duration', 'fast'],
      '--min-duration takes a duration such as 250ms, 2s or 5m, not `fast`',
    ],
    [['--since', 'yesterday'], '--since takes an ISO 8601 time'],
    [['--attribute', 'user.id'], '--attribute takes key=value, not `user.id`'],
    [['--max-spans', '0'], '--max-spans takes a whole number of at least 1, not `0`'],
    [['--graph', 'svg'], '--graph takes mermaid or dot, not `svg`'],
    [['--from-file', 'x.jsonl', '--port', '1'], '--port is for listening, not with --from-file'],
    [['--colour'], "Unknown option '--colour'"],
  ])('says what is wrong with traces %j before the usage', async (argv, message) => {
    const out = writer();
    const err = writer();
    expect(await run(['traces', ...argv], out, err)).toBe(2);
    expect(out.text()).toBe('');
    expect(err.text()).toContain(`ot-migrate: traces: ${message}`);
    expect(err.text()).toContain('Usage:');
  });

  it('lists traces in the usage', async () => {
    const out = writer();
    expect(await run(['traces', '--help'], out, writer())).toBe(0);
    expect(out.text()).toContain('ot-migrate traces [--port 4318]');
    expect(out.text()).toContain('A trace is kept, whole, when at least one of its spans matches');
  });

  it('reads durations with and without units', () => {
    expect(parseDurationMs('250ms', 'x')).toBe(250);
    expect(parseDurationMs('2s', 'x')).toBe(2000);
    expect(parseDurationMs('1.5m', 'x')).toBe(90_000);
    expect(parseDurationMs('40', 'x')).toBe(40);
    expect(parseDurationMs('30', '--duration', 1000)).toBe(30_000);
  });
});

describe('the vendored .proto files', () => {
  it('are the official v1.4.0 files @elastic/mockotlpserver ships, byte for byte', () => {
    const shipped = dirname(require.resolve('@elastic/mockotlpserver/package.json'));
    for (const file of [
      'collector/trace/v1/trace_service.proto',
      'trace/v1/trace.proto',
      'common/v1/common.proto',
      'resource/v1/resource.proto',
    ]) {
      const vendored = readFileSync(join(PROTO_DIR, 'opentelemetry/proto', file), 'utf8');
      expect(vendored).toBe(readFileSync(join(shipped, 'opentelemetry/proto', file), 'utf8'));
      expect(vendored).toContain('Licensed under the Apache License, Version 2.0');
    }
  });
});
