// Runs `npm run demo`'s program as a child process and reads its output the way a person would.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function runDemo(
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, join(root, 'examples', 'demo', 'main.ts')], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface SpanLine {
  depth: number;
  service: string;
  operation: string;
  kind: string;
  error?: string;
  userId?: string;
  links: string[];
  parent?: string;
}

const SPAN_LINE =
  /^ +[\d.]+ ms +[\d.]+ ms \|[ █]+\| ( *)(\w+) · (.+?) \[(\w+)\](?: ✗ ERROR: (.*?))?(?: {2}user\.id=(\S+))?$/;
const LINK_LINE = /^ +↪ link (\w+) → (.+)$/;

/** The span lines of the printed trace, with each one's parent found from the indentation. */
function parseTrace(stdout: string): SpanLine[] {
  const spans: SpanLine[] = [];
  const stack: SpanLine[] = [];
  for (const line of stdout.split('\n')) {
    const span = SPAN_LINE.exec(line);
    if (span) {
      const parsed: SpanLine = {
        depth: span[1].length / 2,
        service: span[2],
        operation: span[3],
        kind: span[4],
        error: span[5],
        userId: span[6],
        links: [],
      };
      stack.length = parsed.depth;
      parsed.parent = stack[parsed.depth - 1]?.operation;
      stack.push(parsed);
      spans.push(parsed);
      continue;
    }
    const link = LINK_LINE.exec(line);
    if (link) spans[spans.length - 1].links.push(`${link[1]} → ${link[2]}`);
  }
  return spans;
}

describe('npm run demo', () => {
  let output: Awaited<ReturnType<typeof runDemo>>;
  beforeAll(async () => {
    output = await runDemo();
  }, 60_000);

  it('exits by itself, without errors', () => {
    expect(output.stderr).toBe('');
    expect(output.code).toBe(0);
  });

  it('prints one trace across the three services', () => {
    expect(output.stdout.match(/^Trace [0-9a-f]{32} /gm)).toHaveLength(1);
    expect(output.stdout).toMatch(/^ {2}billing +charge card \(consumer\)$/m);
    expect(output.stdout).toMatch(
      /^ {2}gateway +GET \/checkout\/:id \(server\), billing: publish \(producer\), orders: GET \(client\)$/m,
    );
    expect(output.stdout).toMatch(
      /^ {2}orders +GET \/orders\/:id \(server\), load order \(internal\)$/m,
    );
  });

  it('keeps every parent and the FollowsFrom link, marks the failure, and shows user.id on every span', () => {
    const spans = parseTrace(output.stdout);
    expect(
      spans.map(({ service, operation, kind, parent }) => ({ service, operation, kind, parent })),
    ).toEqual([
      { service: 'gateway', operation: 'GET /checkout/:id', kind: 'server', parent: undefined },
      { service: 'gateway', operation: 'orders: GET', kind: 'client', parent: 'GET /checkout/:id' },
      { service: 'orders', operation: 'GET /orders/:id', kind: 'server', parent: 'orders: GET' },
      { service: 'orders', operation: 'load order', kind: 'internal', parent: 'GET /orders/:id' },
      {
        service: 'gateway',
        operation: 'billing: publish',
        kind: 'producer',
        parent: 'GET /checkout/:id',
      },
      {
        service: 'billing',
        operation: 'charge card',
        kind: 'consumer',
        parent: 'billing: publish',
      },
    ]);
    const charge = spans.find((span) => span.operation === 'charge card')!;
    expect(charge.links).toEqual(['follows_from → gateway · billing: publish']);
    expect(charge.error).toBe('card declined for 42 EUR');
    expect(spans.filter((span) => span.error !== undefined)).toHaveLength(1);
    expect(spans.map((span) => span.userId)).toEqual(spans.map(() => 'u-42'));
    expect(output.stdout).toMatch(/time per service: .*billing [\d.]+ ms/);
  });
});

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  links?: { spanId: string }[];
}

describe('npm run demo with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('sends every span of the trace to an OTLP/HTTP receiver', async () => {
    const received: { service: string; span: OtlpSpan }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        expect(req.url).toBe('/v1/traces');
        expect(req.headers['content-type']).toContain('application/json');
        const payload = JSON.parse(body) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: { stringValue?: string } }[] };
            scopeSpans: { spans: OtlpSpan[] }[];
          }[];
        };
        for (const resourceSpans of payload.resourceSpans) {
          const service =
            resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value
              .stringValue ?? '';
          for (const scope of resourceSpans.scopeSpans)
            for (const span of scope.spans) received.push({ service, span });
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      const output = await runDemo({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
      expect(output.code).toBe(0);
      const traceId = /^Trace ([0-9a-f]{32}) /m.exec(output.stdout)![1];
      expect(received.map(({ service, span }) => `${service}: ${span.name}`).sort()).toEqual([
        'billing: charge card',
        'gateway: GET /checkout/:id',
        'gateway: billing: publish',
        'gateway: orders: GET',
        'orders: GET /orders/:id',
        'orders: load order',
      ]);
      expect(new Set(received.map(({ span }) => span.traceId))).toEqual(new Set([traceId]));
      const byName = new Map(received.map(({ span }) => [span.name, span]));
      expect(byName.get('charge card')!.parentSpanId).toBe(byName.get('billing: publish')!.spanId);
      expect(byName.get('GET /orders/:id')!.parentSpanId).toBe(byName.get('orders: GET')!.spanId);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  }, 60_000);
});
