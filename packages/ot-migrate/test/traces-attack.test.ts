// `ot-migrate traces` attacked: a hostile client of the receiver (bad, oversized, slow, crafted
// payloads) and a user of the command line (hostile stored files, odd options). The tests that
// pass guard what is handled; the ones that fail show a problem, with the fix in the report that
// came with this file. No timed assertions: every wait is for an answer, never for a clock.
import { mkdtempSync, mkdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { run } from '../src/cli';
import { runTraces } from '../src/traces/command';
import { decodeTraceRequest } from '../src/traces/otlp-decode';
import { startReceiver, type Receiver } from '../src/traces/receiver';
import { renderHtml } from '../src/traces/render-html';
import { renderText } from '../src/traces/render-text';
import { buildReport } from '../src/traces/report';
import type { CollectedSpan, TracesReport } from '../src/traces/report-model';

jest.setTimeout(30_000);

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTOBUF = { 'content-type': 'application/x-protobuf' };

interface Answer {
  status: number;
  body: string;
}

/** One request on a connection of its own; resolves with the answer (or status 0 on a reset). */
function send(
  url: string,
  body: Buffer,
  headers: OutgoingHttpHeaders,
  { chunked = false }: { chunked?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    const request = httpRequest(`${url}/v1/traces`, {
      method: 'POST',
      agent: false,
      headers: chunked ? headers : { ...headers, 'content-length': body.length },
    });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
      response.on('error', () => resolve({ status: response.statusCode ?? 0, body: '' }));
    });
    request.on('error', () => (answered ? undefined : resolve({ status: 0, body: '' })));
    request.end(body);
  });
}

const hex = (n: number, bytes: number) => (n + 1).toString(16).padStart(bytes * 2, '0');

/** OTLP/JSON: `count` root spans of one service. */
function jsonRequest(
  count: number,
  { service = 'svc', first = 0, attributes = [] as unknown[] } = {},
): Buffer {
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId: hex(first + i, 16),
    spanId: hex(first + i, 8),
    name: `op-${first + i}`,
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000001000000',
    attributes,
  }));
  return Buffer.from(
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeSpans: [{ scope: { name: 'native' }, spans }],
        },
      ],
    }),
  );
}

// Protobuf by hand, so that lengths can lie and nesting can go past what protobufjs would build.
function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 127) {
    bytes.push((rest & 127) | 128);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
/** A length-delimited field. */
const field = (number: number, payload: Buffer) =>
  Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);
/** ExportTraceServiceRequest{resourceSpans{scopeSpans{spans: [each of `spans`]}}}. */
const protoRequest = (spans: Buffer[]) =>
  field(1, field(2, Buffer.concat(spans.map((span) => field(2, span)))));
/** A Span's fields: trace id, span id. */
const protoIds = (n: number) =>
  Buffer.concat([
    field(1, Buffer.from(hex(n, 16), 'hex')),
    field(2, Buffer.from(hex(n, 8), 'hex')),
  ]);

/** A CollectedSpan for the report builder. */
function span(n: number, fields: Partial<CollectedSpan> = {}): CollectedSpan {
  return {
    traceId: hex(n, 16),
    spanId: hex(n, 8),
    parentSpanId: '',
    name: 'op',
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000001000000',
    statusCode: 0,
    service: 'svc',
    scope: { name: 'native', version: '' },
    attributes: {},
    receivedAtMs: 0,
    ...fields,
  };
}

/** Collects what a stand-in stdout or stderr gets. */
function writer(): { write(text: string): boolean; text(): string } {
  let text = '';
  return {
    write(chunk: string) {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ot-migrate-attack-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the receiver under hostile payloads', () => {
  let receiver: Receiver;
  const received: CollectedSpan[] = [];

  beforeEach(async () => {
    received.length = 0;
    receiver = await startReceiver({
      port: 0,
      maxBodyBytes: 64 * 1024,
      onSpans: (spans) => received.push(...spans),
    });
  });
  afterEach(() => receiver.close());

  async function stillServing(): Promise<void> {
    const before = received.length;
    expect((await send(receiver.url, jsonRequest(1), JSON_TYPE)).status).toBe(200);
    expect(received.length).toBe(before + 1);
  }

  it('takes a body of exactly the limit, answers 413 one byte above, chunked or not', async () => {
    const limit = 64 * 1024;
    const base = jsonRequest(1);
    // Padding in JSON whitespace, after the value: still the same request.
    const exact = Buffer.concat([base, Buffer.alloc(limit - base.length, ' ')]);
    const above = Buffer.concat([exact, Buffer.from(' ')]);
    expect((await send(receiver.url, exact, JSON_TYPE)).status).toBe(200);
    expect((await send(receiver.url, above, JSON_TYPE)).status).toBe(413);
    const chunked = await send(receiver.url, above, JSON_TYPE, { chunked: true });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toEqual({ code: 3, message: expect.stringMatching(/larger/) });
    expect(receiver.stats.tooLarge).toBe(2);
    await stillServing();
  });

  it('answers 415 to deflate, br, unknown and stacked encodings and to form/text types', async () => {
    const body = jsonRequest(1);
    const cases: OutgoingHttpHeaders[] = [
      { ...JSON_TYPE, 'content-encoding': 'deflate' },
      { ...JSON_TYPE, 'content-encoding': 'br' },
      { ...JSON_TYPE, 'content-encoding': 'x-evil' },
      { ...JSON_TYPE, 'content-encoding': 'gzip, gzip' },
      // What a web page may send without a CORS preflight: never taken as OTLP.
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      {},
    ];
    const bodies = [body, deflateSync(body), brotliCompressSync(body)];
    for (const [index, headers] of cases.entries()) {
      const answer = await send(receiver.url, bodies[index % 3], headers);
      expect([index, answer.status]).toEqual([index, 415]);
    }
    expect(receiver.stats.unsupportedMediaType).toBe(cases.length);
    expect(received).toHaveLength(0);
    await stillServing();
  });

  it('answers 413 to a gzip bomb and 400 to truncated or trailing-garbage gzip', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, ' '));
    const gz = { ...JSON_TYPE, 'content-encoding': 'gzip' };
    expect((await send(receiver.url, bomb, gz)).status).toBe(413);
    const good = gzipSync(jsonRequest(1));
    expect((await send(receiver.url, good.subarray(0, good.length - 6), gz)).status).toBe(400);
    expect((await send(receiver.url, Buffer.from('not gzip at all'), gz)).status).toBe(400);
    expect((await send(receiver.url, Buffer.alloc(0), gz)).status).toBe(400);
    expect(receiver.stats.tooLarge).toBe(1);
    expect(receiver.stats.badPayload).toBe(3);
    await stillServing();
  });

  it('answers 400, counted, to JSON nested 20,000 deep, lone surrogates and hostile shapes', async () => {
    const deep = Buffer.from(`{"resourceSpans":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
    const deepValue = (depth: number) => {
      let value = '{"stringValue":"x"}';
      for (let i = 0; i < depth; i++) value = `{"arrayValue":{"values":[${value}]}}`;
      return value;
    };
    const nestedAttribute = Buffer.from(
      jsonRequest(1)
        .toString()
        .replace('"attributes":[]', `"attributes":[{"key":"k","value":${deepValue(2000)}}]`),
    );
    const bad = [
      deep,
      nestedAttribute,
      Buffer.from('{"resourceSpans":{"length":1e9}}'),
      Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}'),
      Buffer.from('[]'),
      Buffer.from('null'),
      Buffer.from('\ud800'),
      Buffer.from([0xff, 0xfe, 0x00]),
    ];
    for (const [index, body] of bad.entries()) {
      const answer = await send(receiver.url, body, JSON_TYPE);
      expect([index, answer.status]).toEqual([index, 400]);
      expect(JSON.parse(answer.body).code).toBe(3);
    }
    expect(receiver.stats.badPayload).toBe(bad.length);
    await stillServing();
  });

  it('rejects ids of the wrong length, all-zero ids and negative or fractional times', async () => {
    const one = (fields: Record<string, unknown>) =>
      Buffer.from(
        JSON.stringify({
          resourceSpans: [
            { scopeSpans: [{ spans: [{ traceId: hex(0, 16), spanId: hex(0, 8), ...fields }] }] },
          ],
        }),
      );
    const bad = [
      one({ traceId: hex(0, 15) }),
      one({ spanId: hex(0, 9) }),
      one({ traceId: '0'.repeat(32) }),
      one({ parentSpanId: 'x'.repeat(16) }),
      one({ startTimeUnixNano: -1 }),
      one({ startTimeUnixNano: '1.5' }),
      one({ endTimeUnixNano: '1'.repeat(21) }),
      one({ kind: -1 }),
      one({ kind: 1.5 }),
      one({ links: [{ traceId: hex(0, 16) }] }),
    ];
    for (const [index, body] of bad.entries()) {
      expect([index, (await send(receiver.url, body, JSON_TYPE)).status]).toEqual([index, 400]);
    }
    // Far-future times, end before start: kept, the duration counts as 0.
    const odd = one({ startTimeUnixNano: '99999999999999999999', endTimeUnixNano: '1' });
    expect((await send(receiver.url, odd, JSON_TYPE)).status).toBe(200);
    expect(buildReport(received).services[0].operations[0].maxMs).toBe(0);
  });

  it('answers 400 to protobuf whose lengths lie or that nests 100,000 deep; skips unknown fields', async () => {
    const ids = protoIds(0);
    // A span field that claims 1000 bytes more than the body has.
    const lying = Buffer.concat([Buffer.from([0x0a]), varint(1_000_000), ids]);
    // An attribute value nested 100,000 arrays deep: AnyValue{arrayValue{values: AnyValue}},
    // written outside in from lengths computed inside out (concatenating would be quadratic).
    const innermost = field(1, Buffer.from('x'));
    const lengths = [innermost.length];
    const headers: Buffer[] = [];
    for (let i = 0; i < 100_000; i++) {
      const inner = lengths[i];
      const values = Buffer.concat([Buffer.from([0x0a]), varint(inner)]);
      const arrayValue = Buffer.concat([Buffer.from([0x2a]), varint(values.length + inner)]);
      headers.push(Buffer.concat([arrayValue, values]));
      lengths.push(arrayValue.length + values.length + inner);
    }
    const value = Buffer.concat([...headers.reverse(), innermost]);
    const attribute = field(9, Buffer.concat([field(1, Buffer.from('k')), field(2, value)]));
    const deep = protoRequest([Buffer.concat([ids, attribute])]);
    // About 800 KB: past this receiver's 64 KiB, so sent to one with the default limit.
    const wide = await startReceiver({ port: 0, onSpans: () => undefined });
    try {
      expect((await send(wide.url, deep, PROTOBUF)).status).toBe(400);
      expect(wide.stats.badPayload).toBe(1);
    } finally {
      await wide.close();
    }
    expect((await send(receiver.url, lying, PROTOBUF)).status).toBe(400);
    // Wire type 7 does not exist.
    expect((await send(receiver.url, Buffer.from([0x0f, 0x01]), PROTOBUF)).status).toBe(400);
    // Unknown fields (numbers 15 and 99, each wire type) are skipped, as protobuf says.
    const unknown = Buffer.concat([
      ids,
      field(99, Buffer.from('future')),
      Buffer.from([0x78, 0x05]), // field 15, varint
    ]);
    expect((await send(receiver.url, protoRequest([unknown]), PROTOBUF)).status).toBe(200);
    expect(received.map((kept) => kept.spanId)).toEqual([hex(0, 8)]);
  });

  it('keeps serving 20 clients at once while others trickle headers and bodies forever', async () => {
    const sockets: Socket[] = [];
    const opened = (socket: Socket) =>
      new Promise<void>((resolve) => {
        sockets.push(socket);
        socket.on('error', () => undefined);
        socket.once('connect', () => resolve());
      });
    // 30 that stop in the middle of their headers, 30 that promise a body and send one byte.
    for (let i = 0; i < 60; i++) {
      const socket = connect(receiver.port, '127.0.0.1');
      await opened(socket);
      socket.write(
        i % 2 === 0
          ? 'POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Ty'
          : 'POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{',
      );
    }
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send(receiver.url, jsonRequest(5, { first: i * 5 }), JSON_TYPE),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(received).toHaveLength(100);
    for (const socket of sockets) socket.destroy();
  });

  it('answers 400 to garbage HTTP and keeps serving', async () => {
    const socket = connect(receiver.port, '127.0.0.1');
    socket.on('error', () => undefined);
    const reply = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.write('\u0000\u0001GARBAGE\r\n\r\n');
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await stillServing();
  });
});

describe('the collection, against amplification and the cap', () => {
  /** Runs `traces` with `args`, posts each body in turn, stops; the report and the answers. */
  async function collect(
    args: string[],
    bodies: Buffer[],
  ): Promise<{ status: number; answers: number[]; report: TracesReport; err: string }> {
    const stop = new AbortController();
    const out = writer();
    const err = writer();
    const answers: number[] = [];
    let posting: Promise<void> = Promise.resolve();
    const status = await runTraces(['--port', '0', '--json', ...args], out, err, {
      stop: stop.signal,
      onListening(url) {
        posting = (async () => {
          for (const body of bodies) answers.push((await send(url, body, JSON_TYPE)).status);
          stop.abort();
        })();
      },
    });
    await posting;
    return { status, answers, report: JSON.parse(out.text()) as TracesReport, err: err.text() };
  }

  it('with --max-spans 1, keeps the newest span and counts the others dropped', async () => {
    const { answers, report } = await collect(
      ['--max-spans', '1', '--out', ''],
      [jsonRequest(3), jsonRequest(2, { first: 3 })],
    );
    expect(answers).toEqual([200, 200]);
    expect(report.scope).toMatchObject({ spansKept: 1, spansDropped: 4 });
    expect(report.services[0].operations[0].name).toBe('op-4');
  });

  it('stores a request without repeating its service name into every line (found: ~230x amplification; 1.5 MB JSON runs the process out of memory)', async () => {
    // 300 spans of one resource whose service.name is 64 KiB: an 85 KB request.
    const body = jsonRequest(300, { service: 'S'.repeat(64 * 1024) });
    const stored = join(dir, 'amplified.jsonl');
    const { answers } = await collect(['--out', stored], [body]);
    expect(answers).toEqual([200]);
    // Each stored line repeats the 64 KiB name: about 20 MB on disk, and as one string in memory
    // while it is written. A fix stores at most a small multiple of what arrived.
    expect(statSync(stored).size).toBeLessThan(20 * body.length);
  });

  it('does not keep a 1 MiB attribute value whole in memory (found: the cap counts spans, not bytes)', () => {
    // Kept as is, 200,000 spans (the default cap) of one such value each is 200 GiB; measured, 100
    // requests of one 15 MiB span hold 1.5 GiB of heap, and ~270 run the process out of memory.
    const body = jsonRequest(1, {
      attributes: [{ key: 'big', value: { stringValue: 'v'.repeat(1024 * 1024) } }],
    });
    const [decoded] = decodeTraceRequest(body, 'json', 0);
    expect(JSON.stringify(decoded).length).toBeLessThan(64 * 1024);
  });

  it('keeps collecting with --duration past 24.8 days (found: setTimeout overflows to 1 ms)', async () => {
    const stop = new AbortController();
    const out = writer();
    let answer: Answer = { status: -1, body: '' };
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    let posting: Promise<void> = Promise.resolve();
    try {
      await runTraces(
        ['--port', '0', '--out', '', '--duration', '1000h', '--json'],
        out,
        writer(),
        {
          stop: stop.signal,
          onListening(url) {
            posting = (async () => {
              // Lets the (overflowed) timer run, if it is one.
              await new Promise((resolve) => setTimeout(resolve, 50));
              answer = await send(url, jsonRequest(1), JSON_TYPE);
              stop.abort();
            })();
          },
        },
      );
      // With the bug, the collection is over before the request is sent: wait for its answer.
      await posting;
    } finally {
      warn.mockRestore();
    }
    expect(answer.status).toBe(200);
    expect((JSON.parse(out.text()) as TracesReport).scope.spansKept).toBe(1);
  });
});

describe('the report from hostile spans', () => {
  it('terminates on parent cycles and self-parents, and a 20,000-span chain', () => {
    const cycle = [
      span(0, { spanId: hex(1, 8), parentSpanId: hex(2, 8), traceId: hex(0, 16) }),
      span(1, { spanId: hex(2, 8), parentSpanId: hex(1, 8), traceId: hex(0, 16), service: 'b' }),
      span(2, { parentSpanId: hex(2, 8) }),
    ];
    const chain = Array.from({ length: 20_000 }, (_, i) =>
      span(i, { traceId: hex(9, 16), parentSpanId: i === 0 ? '' : hex(i - 1, 8) }),
    );
    const report = buildReport([...cycle, ...chain]);
    expect(report.edges).toEqual([
      { from: 'b', to: 'svc', calls: 1, errors: 0 },
      { from: 'svc', to: 'b', calls: 1, errors: 0 },
    ]);
    expect(report.traces).toBe(3);
  });

  it('reports a trace whose spans only name each other as parents: it has no root (found: not reported)', () => {
    // a -> b -> a: every parent arrived, yet there is no root; and a span that is its own parent.
    const report = buildReport([
      span(0, { spanId: hex(1, 8), parentSpanId: hex(2, 8), traceId: hex(0, 16) }),
      span(1, { spanId: hex(2, 8), parentSpanId: hex(1, 8), traceId: hex(0, 16) }),
      span(5, { parentSpanId: hex(5, 8) }),
    ]);
    expect(report.broken.map((broken) => broken.traceId).sort()).toEqual([hex(0, 16), hex(5, 16)]);
    expect(report.broken.find((broken) => broken.traceId === hex(0, 16))).toMatchObject({
      kind: 'missing-parent',
      detail: 'no root span: the parents of its 2 span(s) form a loop',
    });
  });

  it('counts a span sent twice (an exporter retry) once, and does not call it several roots (found)', () => {
    const root = span(0);
    const report = buildReport([root, { ...root, receivedAtMs: 1 }]);
    expect(report.services[0].spans).toBe(1);
    expect(report.scope.spansDuplicated).toBe(1);
    expect(report.broken).toEqual([]);
  });

  it('does not take legacy formats from an attribute named __proto__ (found: it becomes the prototype)', () => {
    const body = jsonRequest(1, {
      attributes: [
        {
          key: '__proto__',
          value: {
            kvlistValue: {
              values: [{ key: 'opentracing.propagation.format', value: { stringValue: 'jaeger' } }],
            },
          },
        },
      ],
    });
    const spans = decodeTraceRequest(body, 'json', 0);
    expect(buildReport(spans).services[0].legacyFormats).toEqual({});
    // Nor is the attribute lost from the stored line (JSON.stringify skips a prototype).
    expect(Object.keys(spans[0].attributes)).toEqual(['__proto__']);
  });

  it('renders the text report of 130,000 operations (found: Math.max(...rows) overflows the stack)', () => {
    const spans = Array.from({ length: 130_000 }, (_, i) => span(i, { name: `op-${i}` }));
    const text = renderText(buildReport(spans));
    expect(text.split('\n').length).toBeGreaterThan(130_000);
  });

  it('renders the HTML report of a 12-service chain whose tail 13,500 services call (found: RangeError)', () => {
    // Each call into svc-11 from a service of column 0 passes through 10 columns: 135,000
    // pass-through slots, then Math.max(...slots) in layoutGraph overflows the stack. The layout is
    // also superlinear: a 400-service chain whose head calls each service (800 spans) takes 8 s,
    // 1,000 such spans 32 s, before the same RangeError.
    const chain = Array.from({ length: 12 }, (_, i) =>
      span(i, {
        traceId: hex(0, 16),
        parentSpanId: i === 0 ? '' : hex(i - 1, 8),
        service: `svc-${i}`,
      }),
    );
    const callers = Array.from({ length: 13_500 }, (_, i) => [
      span(1000 + 2 * i, { service: `caller-${i}`, kind: 3 }),
      span(1001 + 2 * i, {
        traceId: hex(1000 + 2 * i, 16),
        parentSpanId: hex(1000 + 2 * i, 8),
        service: 'svc-11',
      }),
    ]).flat();
    const page = renderHtml(buildReport([...chain, ...callers]));
    expect(page).toContain('caller-13499');
  });

  it('keeps names out of the markup, the style sheet and every URL of the HTML page', () => {
    const hostile = [
      '</style><script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      "javascript:alert('x')",
      '</title><svg onload=alert(1)>',
      '\u202eevil\u2066',
      ']]><!--',
    ];
    const spans = hostile.flatMap((name, i) => [
      span(i * 2, { service: name, name, kind: 3, attributes: { [name]: name } }),
      span(i * 2 + 1, {
        traceId: hex(i * 2, 16),
        parentSpanId: hex(i * 2, 8),
        service: `${name}-callee`,
        name,
        scope: { name, version: name },
      }),
      span(100 + i, { parentSpanId: hex(999, 8), service: name, name }),
    ]);
    const page = renderHtml(buildReport(spans, { filters: { service: hostile } }));
    expect(page.match(/<script/gi)).toBeNull();
    expect(page.match(/<\/style>/g)).toHaveLength(1);
    // The names' text shows (escaped); no tag of the page has an event handler attribute.
    expect(page).toContain('onerror=alert(1)');
    // (`"` is escaped in names, so the quoted values can be cut out before looking at the tags.)
    const tags = page.replace(/"[^"]*"/g, '""');
    expect(tags.match(/<[^>]*\son[a-z]+\s*=/gi)).toBeNull();
    expect(
      tags.match(/<(script|img|iframe|object|embed|link(?! rel="")|base|form)\b/gi),
    ).toBeNull();
    expect(page).not.toMatch(/(href|src)="(?!#|data:,)/);
    expect(page).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(page).toContain('&lt;/style&gt;&lt;script&gt;');
    expect(page).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/,
    );
  });

  it('keeps service names out of Mermaid and DOT syntax', () => {
    const name = 'a"]\n  evil-->x\n  click s0 "javascript:alert(1)" %%{init}%% }\\" -> x [label=1]';
    const report = buildReport([
      span(0, { service: name, kind: 3 }),
      span(1, { traceId: hex(0, 16), parentSpanId: hex(0, 8), service: 'b' }),
    ]);
    const mermaid = report.graph.mermaid.split('\n');
    expect(mermaid).toHaveLength(4);
    expect(mermaid[1]).toMatch(/^ {2}s0\["[^"\n[\]|]*"\]$/);
    const dot = report.graph.dot.split('\n');
    expect(dot).toHaveLength(7);
    expect(dot[3]).toMatch(/^ {2}s0 \[label="([^"\\]|\\.)*"\];$/);
  });
});

describe('the command line', () => {
  async function cli(...args: string[]): Promise<{ status: number; out: string; err: string }> {
    const out = writer();
    const err = writer();
    const status = await run(['traces', ...args], out, err);
    return { status, out: out.text(), err: err.text() };
  }

  it('refuses bad options with a usage error, never a stack trace', async () => {
    const cases = [
      ['--port', '65536'],
      ['--port', '1e3'],
      ['--max-spans', '0'],
      ['--max-spans', '-5'],
      ['--duration', '0'],
      ['--duration', 'forever'],
      ['--graph', 'svg'],
      ['--graph', 'dot', '--json'],
      ['--since', 'yesterday'],
      ['--attribute', 'novalue'],
      ['--min-duration', '1e400'],
      ['--from-file', 'x', '--port', '1'],
      ['--nope'],
      ['extra-path'],
    ];
    for (const args of cases) {
      const { status, err } = await cli(...args);
      expect([args, status]).toEqual([args, 2]);
      expect(err).toMatch(/^ot-migrate: traces: /);
      expect(err).not.toMatch(/\n\s+at /);
    }
  });

  it('gives a clear error for a --from-file that is a directory or missing, and skips garbage', async () => {
    const garbage = join(dir, 'garbage.jsonl');
    writeFileSync(
      garbage,
      Buffer.concat([
        Buffer.from([0, 0xff, 0xfe, 10]),
        Buffer.from('{"__proto__":{"traceId":"x"}}\n[1,2]\n"s"\n{"traceId":1}\n'),
        Buffer.from(`${JSON.stringify(span(0))}\n`),
      ]),
    );
    mkdirSync(join(dir, 'a-dir'));
    const fromDir = await cli('--from-file', join(dir, 'a-dir'));
    expect(fromDir.status).toBe(2);
    expect(fromDir.err).toMatch(/^ot-migrate traces: .*a-dir is not a regular file/);
    const missing = await cli('--from-file', join(dir, 'missing.jsonl'));
    expect(missing.status).toBe(2);
    expect(missing.err).toMatch(/^ot-migrate traces: ENOENT/);
    const skipped = await cli('--from-file', garbage, '--json');
    expect(skipped.status).toBe(0);
    expect(skipped.err).toMatch(/5 line\(s\) .* are not spans: skipped/);
    expect(JSON.parse(skipped.out).scope.spansKept).toBe(1);
  });

  it('says when --out or --html cannot be written, with status 2', async () => {
    const out = await cli('--port', '0', '--out', join(dir, 'no', 'such', 'dir.jsonl'));
    expect(out.status).toBe(2);
    expect(out.err).toMatch(/ot-migrate traces: ENOENT/);
    const stored = join(dir, 'one.jsonl');
    writeFileSync(stored, `${JSON.stringify(span(0))}\n`);
    const html = await cli('--from-file', stored, '--html', dir);
    expect(html.status).toBe(2);
    expect(html.err).toMatch(/cannot write .*EISDIR/);
  });

  it('says which port is taken, with status 2', async () => {
    const taken = await startReceiver({ port: 0, onSpans: () => undefined });
    try {
      const { status, err } = await cli('--port', String(taken.port), '--out', '');
      expect(status).toBe(2);
      expect(err).toMatch(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    } finally {
      await taken.close();
    }
  });

  it('reports a --from-file line longer than a string can be instead of crashing (found: uncaught RangeError in readline)', async () => {
    // 560 MB of NUL bytes, no newline: a sparse file, no disk used. Read in-process: a line is
    // never held past 16 MiB now, so there is nothing left to crash on.
    const huge = join(dir, 'huge-line.jsonl');
    writeFileSync(huge, '');
    truncateSync(huge, 560 * 1024 * 1024);
    const err = writer();
    const status = await run(['traces', '--from-file', huge, '--json'], writer(), err);
    rmSync(huge);
    expect(err.text()).toBe(`ot-migrate traces: 1 line(s) of ${huge} are not spans: skipped\n`);
    expect(status).toBe(0);
  });
});
