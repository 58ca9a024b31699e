// A project for the boundary-adapter tests: lib/ is a library whose public API takes OpenTracing
// objects from its callers (app/, which stays OpenTracing), gets the request's span from vendor/
// (a framework, OpenTracing for good) and calls legacy/, a helper that is migrated later, with the
// bridge installed (bridge-stub.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BRIDGE_STUB } from './bridge-stub';

export const ADAPTER_PROJECT: Record<string, string> = {
  'tsconfig.json': `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "strict": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "types": ["node"]
  }
}
`,
  ...BRIDGE_STUB,
  'lib/client.ts': `import type { Span, Tracer } from 'opentracing';
import { audit } from '../legacy/audit';
import { currentRequest } from '../vendor/request';

export interface ClientOptions {
  tracer: Tracer;
  name?: string;
}

/** A client of the library: its callers hand it their tracer. */
export class Client {
  private readonly tracer: Tracer;

  constructor(options: ClientOptions) {
    this.tracer = options.tracer;
  }

  call(operation: string): void {
    const request = currentRequest();
    request.setTag('client.called', true);
    const span = this.tracer.startSpan(operation, { childOf: request });
    span.setTag('operation', operation);
    audit(span, operation);
    span.finish();
  }
}

/** Traces a query with the caller's tracer. */
export function traceQuery(tracer: Tracer, sql: string): void {
  const span = tracer.startSpan('query', { tags: { 'db.system': 'postgresql' } });
  span.setTag('db.rows', sql.length);
  span.finish();
}

/** Tags the caller's span and starts a child of it. */
export function handle(parentSpan: Span, tracer: Tracer, path: string): void {
  parentSpan.setTag('request.path', path);
  const span = tracer.startSpan('handle', { childOf: parentSpan });
  span.setTag('step', 1);
  span.finish();
}

/** A child of the caller's span, when there is one. */
export function step(tracer: Tracer, name: string, parent?: Span): void {
  const span = tracer.startSpan(name, { childOf: parent });
  span.finish();
}
`,
  'vendor/request.ts': `import type { Span } from 'opentracing';
import { globalTracer } from 'opentracing';

const requests: Span[] = [];

/** Still OpenTracing: the span of the request in progress. */
export function currentRequest(): Span {
  return requests[requests.length - 1] ?? globalTracer().startSpan('no request');
}

/** Still OpenTracing: runs \`work\` in the span of a request. */
export function inRequest(span: Span, work: () => void): void {
  requests.push(span);
  try {
    work();
  } finally {
    requests.pop();
  }
}
`,
  // A dependency's generic API takes this file's own type: no adapter there.
  'lib/storage.ts': `import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from 'opentracing';

const active = new AsyncLocalStorage<Span>();

export function runIn(span: Span, work: () => void): void {
  active.run(span, work);
}
`,
  'legacy/audit.ts': `import type { Span } from 'opentracing';

/** Still OpenTracing: tags the span it is given. */
export function audit(span: Span, action: string): void {
  span.setTag('audit.action', action);
}
`,
  'app/main.ts': `import { globalTracer } from 'opentracing';
import { inRequest } from '../vendor/request';
import { Client, handle, step, traceQuery } from '../lib/client';

export async function run(): Promise<void> {
  const tracer = globalTracer();
  const request = tracer.startSpan('GET /orders');
  handle(request, tracer, '/orders');
  traceQuery(tracer, 'SELECT 1');
  inRequest(request, () => new Client({ tracer }).call('charge'));
  step(tracer, 'step', request);
  request.finish();
  step(tracer, 'orphan step');
}
`,
};

/** Writes the project under `dir`. */
export function writeAdapterProject(dir: string): void {
  for (const [file, text] of Object.entries(ADAPTER_PROJECT)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}
