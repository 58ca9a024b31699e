// The receiver of `ot-migrate traces` over real HTTP on loopback: each kind of bad request gets
// its OTLP/HTTP status (with a google.rpc.Status body in the request's encoding) and is counted,
// and the receiver keeps serving after each; the cap on spans kept drops the oldest and counts
// them; progress goes to stderr while collecting. Valid protobuf bodies are encoded by protobufjs
// from the same official .proto files (the exporter itself runs in traces-fleet.test.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Field, Root, Type } from 'protobufjs';
import { run } from '../src/cli';
import { runTraces } from '../src/traces/command';
import { PROTO_DIR } from '../src/traces/otlp-decode';
import { startReceiver, type Receiver } from '../src/traces/receiver';
import type { CollectedSpan, TracesReport } from '../src/traces/report-model';

jest.setTimeout(60_000);

const MiB = 1024 * 1024;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request over a new connection; resolves with the answer even if the server cuts the upload. */
function send(
  url: string,
  {
    method = 'POST',
    path = '/v1/traces',
    headers = {},
    body = Buffer.alloc(0),
    chunked = false,
  }: {
    method?: string;
    path?: string;
    headers?: OutgoingHttpHeaders;
    body?: Buffer;
    chunked?: boolean;
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}${path}`, {
      method,
      agent: false,
      headers: chunked ? headers : { ...headers, 'content-length': body.length },
    });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
      response.on('error', reject);
    });
    // The server may close the connection while a refused body is still being sent.
    request.on('error', (error) => (answered ? undefined : reject(error)));
    if (chunked) {
      for (let offset = 0; offset < body.length; offset += MiB) {
        request.write(body.subarray(offset, offset + MiB));
      }
      request.end();
    } else {
      request.end(body);
    }
  });
}

let requestType: Type;
let statusType: Type;

beforeAll(() => {
  const root = new Root();
  root.resolvePath = (_origin, target) =>
    target.startsWith('/') ? target : join(PROTO_DIR, target);
  root.loadSync(join(PROTO_DIR, 'opentelemetry/proto/collector/trace/v1/trace_service.proto'));
  requestType = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  statusType = new Type('Status')
    .add(new Field('code', 1, 'int32'))
    .add(new Field('message', 2, 'string'));
  new Root().define('google.rpc').add(statusType);
});

/** `count` root spans of service `svc`, named `span-<first + i>`, as OTLP/JSON. */
function jsonRequest(first: number, count: number, service = 'svc'): Buffer {
  const spans = Array.from({ length: count }, (_, i) => {
    const n = first + i;
    return {
      traceId: (n + 1).toString(16).padStart(32, '0'),
      spanId: (n + 1).toString(16).padStart(16, '0'),
      name: `span-${n}`,
      kind: 2,
      startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n),
      endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n + 500_000n),
    };
  });
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

/** One span as an ExportTraceServiceRequest in protobuf, with every kind of attribute value. */
function protobufRequest(): Buffer {
  const message = requestType.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'proto-svc' } }] },
        scopeSpans: [
          {
            scope: { name: 'opentracing-otel-bridge', version: '0.1.0' },
            spans: [
              {
                traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'),
                spanId: Buffer.from('b7ad6b7169203331', 'hex'),
                parentSpanId: Buffer.from('00f067aa0ba902b7', 'hex'),
                name: 'GET /x',
                kind: 3,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000250000000',
                status: { code: 2 },
                attributes: [
                  { key: 's', value: { stringValue: 'text' } },
                  { key: 'i', value: { intValue: '42' } },
                  { key: 'big', value: { intValue: '9007199254740993' } },
                  { key: 'd', value: { doubleValue: 0.5 } },
                  { key: 'b', value: { boolValue: true } },
                  {
                    key: 'a',
                    value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: 1 }] } },
                  },
                ],
                links: [
                  {
                    traceId: Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736', 'hex'),
                    spanId: Buffer.from('00f067aa0ba902b8', 'hex'),
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
  return Buffer.from(requestType.encode(message).finish());
}

const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

describe('the receiver', () => {
  let receiver: Receiver;
  const received: CollectedSpan[] = [];

  beforeEach(async () => {
    received.length = 0;
    receiver = await startReceiver({ port: 0, onSpans: (spans) => received.push(...spans) });
  });
  afterEach(() => receiver.close());

  /** A good request still gets 200 and its span kept: the receiver is serving. */
  async function stillServing(): Promise<void> {
    const before = received.length;
    const answer = await send(receiver.url, { headers: JSON_TYPE, body: jsonRequest(0, 1) });
    expect(answer.status).toBe(200);
    expect(received.length).toBe(before + 1);
  }

  it('decodes protobuf, answering an empty ExportTraceServiceResponse in protobuf', async () => {
    const answer = await send(receiver.url, { headers: PROTOBUF, body: protobufRequest() });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/x-protobuf');
    expect(answer.body.length).toBe(0);
    expect(received).toEqual([
      {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        parentSpanId: '00f067aa0ba902b7',
        name: 'GET /x',
        kind: 3,
        startTimeUnixNano: '1700000000000000000',
        endTimeUnixNano: '1700000000250000000',
        statusCode: 2,
        service: 'proto-svc',
        scope: { name: 'opentracing-otel-bridge', version: '0.1.0' },
        attributes: { s: 'text', i: 42, big: '9007199254740993', d: 0.5, b: true, a: ['x', 1] },
        links: [{ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b8' }],
        receivedAtMs: expect.any(Number) as number,
      },
    ]);
  });

  it('decodes JSON and gzip bodies of both encodings, and content types with parameters', async () => {
    const json = await send(receiver.url, {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: jsonRequest(0, 2),
    });
    expect(json.status).toBe(200);
    expect(json.body.toString()).toBe('{}');
    const gzipped = await send(receiver.url, {
      headers: { ...PROTOBUF, 'content-encoding': 'gzip' },
      body: gzipSync(protobufRequest()),
    });
    expect(gzipped.status).toBe(200);
    const gzippedJson = await send(receiver.url, {
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: gzipSync(jsonRequest(5, 1)),
    });
    expect(gzippedJson.status).toBe(200);
    expect(received.map((span) => span.name)).toEqual(['span-0', 'span-1', 'GET /x', 'span-5']);
    expect(receiver.stats).toMatchObject({ accepted: 3, spansReceived: 4 });
  });

  it('answers 400 to garbage protobuf with a protobuf google.rpc.Status, and counts it', async () => {
    const answer = await send(receiver.url, {
      headers: PROTOBUF,
      body: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x12, 0x34]),
    });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/x-protobuf');
    const status = statusType.toObject(statusType.decode(answer.body)) as {
      code: number;
      message: string;
    };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/^not an ExportTraceServiceRequest/);
    expect(receiver.stats.badPayload).toBe(1);
    await stillServing();
  });

  it.each([
    ['invalid JSON', '{"resourceSpans": [', /^invalid JSON/],
    ['a JSON array', '[1, 2]', /^request is not an object/],
    [
      'spans that are not a list',
      '{"resourceSpans":[{"scopeSpans":[{"spans":5}]}]}',
      /^spans is not an array/,
    ],
    [
      'a trace id that is not 16 bytes of hex',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz","spanId":"0000000000000001"}]}]}]}',
      /^traceId is not a valid 16-byte id/,
    ],
  ])('answers 400 to %s with a JSON Status, and counts it', async (_name, body, message) => {
    const answer = await send(receiver.url, { headers: JSON_TYPE, body: Buffer.from(body) });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/json');
    const status = JSON.parse(answer.body.toString()) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(message);
    expect(receiver.stats.badPayload).toBe(1);
    expect(received).toEqual([]);
    await stillServing();
  });

  it('answers 400 to a gzip body that does not inflate', async () => {
    const answer = await send(receiver.url, {
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: Buffer.from('not gzip at all'),
    });
    expect(answer.status).toBe(400);
    expect(receiver.stats.badPayload).toBe(1);
    await stillServing();
  });

  it.each([
    ['with its length declared', false],
    ['chunked, with no length declared', true],
  ])('answers 413 to a 20 MiB body %s, and counts it', async (_name, chunked) => {
    const answer = await send(receiver.url, {
      headers: JSON_TYPE,
      body: Buffer.alloc(20 * MiB, 0x20),
      chunked,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body.toString())).toEqual({
      code: 3,
      message: `request body larger than ${8 * MiB} bytes`,
    });
    expect(receiver.stats.tooLarge).toBe(1);
    await stillServing();
  });

  it('answers 413 to a small body of more spans than a request may carry, before decoding them', async () => {
    // 100,000 empty spans: two bytes each on the wire, an object each once decoded.
    const many = requestType.fromObject({
      resourceSpans: [{ scopeSpans: [{ spans: Array.from({ length: 100_000 }, () => ({})) }] }],
    });
    const body = gzipSync(requestType.encode(many).finish());
    expect(body.length).toBeLessThan(4096);
    const answer = await send(receiver.url, {
      headers: { ...PROTOBUF, 'content-encoding': 'gzip' },
      body,
    });
    expect(answer.status).toBe(413);
    const status = statusType.decode(answer.body) as unknown as { message: string };
    expect(status.message).toBe(
      '100000 spans in one request, more than 50000: send smaller batches',
    );
    expect(receiver.stats).toMatchObject({ tooLarge: 1, accepted: 0, spansReceived: 0 });
    expect(received).toEqual([]);
    await stillServing();
  });

  it('answers 413 to a gzip bomb: 64 MiB inflated from a small body', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * MiB));
    expect(bomb.length).toBeLessThan(MiB);
    const answer = await send(receiver.url, {
      headers: { ...PROTOBUF, 'content-encoding': 'gzip' },
      body: bomb,
    });
    expect(answer.status).toBe(413);
    expect(receiver.stats.tooLarge).toBe(1);
    await stillServing();
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }],
    ['no content type', {}],
    ['application/protobuf over deflate', { ...PROTOBUF, 'content-encoding': 'deflate' }],
  ])('answers 415 to %s, and counts it', async (_name, headers) => {
    const answer = await send(receiver.url, { headers, body: jsonRequest(0, 1) });
    expect(answer.status).toBe(415);
    expect(receiver.stats.unsupportedMediaType).toBe(1);
    expect(received).toEqual([]);
    await stillServing();
  });

  it('answers 405 to another method on /v1/traces and 404 elsewhere, counted apart', async () => {
    const get = await send(receiver.url, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await send(receiver.url, { path: '/v1/metrics', headers: JSON_TYPE })).status).toBe(
      404,
    );
    expect(receiver.stats).toMatchObject({
      notOtlp: 2,
      badPayload: 0,
      tooLarge: 0,
      unsupportedMediaType: 0,
    });
    await stillServing();
  });
});

describe('ot-migrate traces, collecting', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ot-migrate-traces-cap-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writer() {
    let text = '';
    return { write: (chunk: string) => ((text += chunk), true), text: () => text, isTTY: false };
  }

  it('with --max-spans 100, keeps the newest 100 of 250 spans and counts 150 dropped', async () => {
    const stored = join(dir, 'cap.jsonl');
    const out = writer();
    const err = writer();
    const stop = new AbortController();
    let listening: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const status = runTraces(
      ['--port', '0', '--max-spans', '100', '--out', stored, '--json'],
      out,
      err,
      {
        onListening: listening,
        stop: stop.signal,
        progressEveryMs: 5,
      },
    );
    const base = await url;
    // Sent one request after the other, so arrival order is span order.
    for (let first = 0; first < 250; first += 50) {
      expect((await send(base, { headers: JSON_TYPE, body: jsonRequest(first, 50) })).status).toBe(
        200,
      );
    }
    // A refused request, counted in the progress and the report.
    expect((await send(base, { headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    // Progress shows on stderr while collecting: wait until it has counted all that was sent.
    const counted = '250 span(s) from 1 service(s), 1 request(s) refused';
    await until(() => err.text().includes(counted));
    const progress = err
      .text()
      .split('\n')
      .filter((line) => line.includes(counted));
    expect(progress[0]).toBe(`ot-migrate traces: ${counted}, 150 dropped at the cap`);
    expect(out.text()).toBe('');
    stop.abort();
    expect(await status).toBe(0);

    const report = JSON.parse(out.text()) as TracesReport;
    expect(report.scope).toEqual({
      filters: {},
      spansKept: 100,
      spansDuplicated: 0,
      spansDropped: 150,
      requestsRefused: 1,
    });
    expect(report.traces).toBe(100);
    const names = report.services[0].operations.map((operation) => operation.name).sort();
    expect(names).toEqual(Array.from({ length: 100 }, (_, i) => `span-${150 + i}`).sort());
    // The file holds every span; read back with the same cap, it drops the same ones.
    expect(readFileSync(stored, 'utf8').trimEnd().split('\n')).toHaveLength(250);
    const again = writer();
    expect(
      await run(['traces', '--from-file', stored, '--max-spans', '100', '--json'], again, writer()),
    ).toBe(0);
    const reread = JSON.parse(again.text()) as TracesReport;
    expect(reread.scope).toEqual({ ...report.scope, requestsRefused: 0 });
    expect(reread.services).toEqual(report.services);
  });

  it('says which address it cannot listen on, with status 2, and leaves the last collection', async () => {
    const taken = await startReceiver({ port: 0, onSpans: () => undefined });
    const stored = join(dir, 'traces.jsonl');
    writeFileSync(stored, 'the last collection\n');
    try {
      const err = writer();
      const status = await run(
        ['traces', '--port', String(taken.port), '--out', stored],
        writer(),
        err,
      );
      expect(status).toBe(2);
      expect(err.text()).toMatch(
        new RegExp(
          `^ot-migrate traces: cannot listen on 127\\.0\\.0\\.1:${taken.port}: .*EADDRINUSE`,
        ),
      );
      expect(readFileSync(stored, 'utf8')).toBe('the last collection\n');
    } finally {
      await taken.close();
    }
  });
});

/** Waits for a condition met by the receiver's own progress (Jest's timeout bounds the wait). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
