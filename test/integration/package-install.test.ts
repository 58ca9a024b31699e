// The package as users get it: a clean clone of this repository's committed HEAD is packed
// (`npm pack`, which builds through `prepare`), the tarball is installed into a fresh application
// with the OpenTelemetry SDK and opentracing from the registry, and a traced HTTP request runs
// through it from CommonJS and from ESM; a strict TypeScript file type-checks against it.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'bridge-package-'));
const app = join(work, 'app');

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// One server span and one client span, from the application's own `opentracing`.
const TRACED_REQUEST = `
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
bridge.installGlobalTracer({ tracerProvider: provider, propagators: ['tracecontext', 'baggage'] });
const tracer = opentracing.globalTracer();
const server = http.createServer((req, res) => {
  const parent = tracer.extract(opentracing.FORMAT_HTTP_HEADERS, req.headers);
  const span = tracer.startSpan('server', { childOf: parent });
  span.setTag('user', parent.getBaggageItem('user.id'));
  span.finish();
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => {
  const client = tracer.startSpan('client').setBaggageItem('user.id', '42');
  const headers = {};
  tracer.inject(client, opentracing.FORMAT_HTTP_HEADERS, headers);
  http.get({ port: server.address().port, host: '127.0.0.1', headers }, (res) => {
    res.resume();
    res.on('end', () => {
      client.finish();
      server.close();
      const spans = exporter.getFinishedSpans().map((s) => ({
        name: s.name,
        traceId: s.spanContext().traceId,
        spanId: s.spanContext().spanId,
        parent: s.parentSpanContext ? s.parentSpanContext.spanId : undefined,
        user: s.attributes.user,
      }));
      console.log(JSON.stringify(spans));
    });
  });
});
`;

interface ExportedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parent?: string;
  user?: string;
}

beforeAll(() => {
  const clone = join(work, 'clone');
  run('git', ['clone', '--quiet', root, clone], work);
  // The clone builds with the project's dev dependencies, as a git install would after installing them.
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');
  run('npm', ['pack', '--silent', '--pack-destination', work], clone);
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack made no tarball');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true }));
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      join(work, tarball),
      '@opentelemetry/api@~1.9.1',
      '@opentelemetry/sdk-trace-base@^2.12.1',
      'opentracing@0.14.7',
      // An application with an old `diff` (the codemod's dependency, not the bridge's) still installs.
      'diff@4',
    ],
    app,
  );
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectOneTrace(output: string): void {
  const spans = JSON.parse(output.trim().split('\n').pop()!) as ExportedSpan[];
  const server = spans.find((span) => span.name === 'server')!;
  const client = spans.find((span) => span.name === 'client')!;
  expect(server.traceId).toBe(client.traceId);
  expect(server.parent).toBe(client.spanId);
  expect(server.user).toBe('42');
}

describe('the packed package in a fresh application', () => {
  it('ships the build and no test or source-only files', () => {
    const files = run(
      'tar',
      [
        '-tzf',
        join(
          work,
          readdirSync(work).find((n) => n.endsWith('.tgz'))!,
        ),
      ],
      work,
    );
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).not.toContain('package/test/');
    // Source maps carry their sources: nothing points at files the package does not have.
    expect(files).not.toMatch(/\.d\.ts\.map/);
  });

  it('publishes declarations of the public API only (stripInternal)', () => {
    const dist = join(app, 'node_modules', 'opentracing-otel-bridge', 'dist');
    const declarations = readdirSync(dist, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.d.ts'))
      .map((file) => readFileSync(join(dist, file), 'utf8'))
      .join('\n');
    expect(declarations).toContain('export declare class SpanShim');
    expect(declarations).not.toContain('@internal');
    // An internal option of a public options type.
    expect(declarations).not.toMatch(/^\s+baggageSource\??:/m);
    // Members the shims use among themselves, which users must not call.
    for (const member of ['create', 'childContextIn', 'rememberChildContext', 'isValid']) {
      expect(declarations).not.toMatch(new RegExp(`^\\s+(static\\s+)?${member}\\(`, 'm'));
    }
  });

  it('runs a traced request from CommonJS', () => {
    writeFileSync(
      join(app, 'traced.cjs'),
      `const http = require('node:http');
const opentracing = require('opentracing');
const bridge = require('opentracing-otel-bridge');
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const exporter = new InMemorySpanExporter();
${TRACED_REQUEST}`,
    );
    expectOneTrace(run(process.execPath, ['traced.cjs'], app));
  });

  it('runs a traced request from ESM, with named imports', () => {
    writeFileSync(
      join(app, 'traced.mjs'),
      `import http from 'node:http';
import opentracing from 'opentracing';
import { installGlobalTracer, TracerShim } from 'opentracing-otel-bridge';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
if (typeof TracerShim !== 'function') throw new Error('named import failed');
const bridge = { installGlobalTracer };
const exporter = new InMemorySpanExporter();
${TRACED_REQUEST}`,
    );
    expectOneTrace(run(process.execPath, ['traced.mjs'], app));
  });

  it('type-checks in strict TypeScript', () => {
    writeFileSync(
      join(app, 'typed.ts'),
      `import { trace } from '@opentelemetry/api';
import { TracerShim, createPropagator, type TracerShimOptions } from 'opentracing-otel-bridge';
const options: TracerShimOptions = { propagators: ['tracecontext', 'jaeger'], incomingBaggageKeys: ['user.id'] };
const tracer = new TracerShim(trace.getTracer('typed'), options);
const span = tracer.startSpan('typed', { tags: { 'span.kind': 'server' } });
const headers: Record<string, string> = {};
tracer.inject(span, 'http_headers', headers);
const context = tracer.extract('http_headers', headers);
export const traceId: string | undefined = context?.toTraceId();
export const propagator = createPropagator(['tracecontext']);
`,
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    // Every declaration file is checked but TypeScript's own lib.*.d.ts, which no package changes
    // (checking them is a third of the run).
    const args = [
      '--noEmit',
      '--strict',
      '--skipDefaultLibCheck',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
    ];
    // Node's types, as a Node application has them.
    const nodeTypes = ['--typeRoots', join(root, 'node_modules', '@types'), '--types', 'node'];
    expect(() =>
      run(process.execPath, [tsc, ...args, ...nodeTypes, 'typed.ts'], app),
    ).not.toThrow();
  });
});
