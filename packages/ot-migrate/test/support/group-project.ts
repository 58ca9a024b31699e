// A small project of several independent cases, for the groups tests: each directory is one case,
// so one rewrite (one TypeScript program) covers them all. The root tsconfig.json maps `@app/*`;
// js/ has a jsconfig.json of its own. The bridge is installed (bridge-stub.ts), for the adapters of
// groups that move in part.
import { BRIDGE_STUB } from './bridge-stub';

export const PROJECT: Record<string, string> = {
  ...BRIDGE_STUB,
  'tsconfig.json': `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "commonjs",
    "strict": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "types": ["node"],
    "paths": { "@app/*": ["./alias/*"] }
  }
}
`,
  // server.ts hands its span to billing.ts.
  'checkout/billing.ts': `import type { Span } from 'opentracing';

/** Charges a card inside the caller's span. */
export function chargeCard(span: Span, cents: number): void {
  span.setTag('billing.cents', cents);
  span.log({ event: 'charged', cents });
}
`,
  'checkout/server.ts': `import { globalTracer } from 'opentracing';
import { chargeCard } from './billing';

export async function run(): Promise<void> {
  const span = globalTracer().startSpan('checkout', { tags: { 'span.kind': 'server' } });
  chargeCard(span, 1200);
  span.finish();
}
`,
  // propagation.ts returns what extract gives; server.ts starts its span under it and reads the
  // incoming baggage: both move, the function returning an OpenTelemetry Context.
  'extracting/propagation.ts': `import type { SpanContext, Tracer } from 'opentracing';
import { FORMAT_HTTP_HEADERS } from 'opentracing';

export function extractFrom(tracer: Tracer, headers: Record<string, string>): SpanContext | null {
  return tracer.extract(FORMAT_HTTP_HEADERS, headers);
}
`,
  'extracting/server.ts': `import { globalTracer } from 'opentracing';
import { extractFrom } from './propagation';

export async function run(): Promise<void> {
  const tracer = globalTracer();
  const headers = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    baggage: 'tenant=acme',
  };
  const parent = extractFrom(tracer, headers);
  const span = tracer.startSpan('handle', { childOf: parent ?? undefined });
  span.setTag('tenant', span.getBaggageItem('tenant') ?? 'none');
  span.finish();
}
`,
  // a.ts → b.ts → c.ts: a starts the span, b tags it and hands it on, c finishes it.
  'chain/a.ts': `import { globalTracer } from 'opentracing';
import { handle } from './b';

export async function run(): Promise<void> {
  const tracer = globalTracer();
  const span = tracer.startSpan('a');
  handle(tracer, span);
}
`,
  'chain/b.ts': `import type { Span, Tracer } from 'opentracing';
import { close } from './c';

export function handle(tracer: Tracer, span: Span): void {
  const child = tracer.startSpan('b', { childOf: span });
  child.setTag('step', 'b');
  close(child);
  close(span);
}
`,
  'chain/c.ts': `import type { Span } from 'opentracing';

export function close(span: Span): void {
  span.log({ event: 'closing' });
  span.finish();
}
`,
  // The same chain, held back by audit.ts: baggage has no rewrite.
  'held/server.ts': `import { globalTracer } from 'opentracing';
import { charge } from './billing';

export async function run(): Promise<void> {
  const span = globalTracer().startSpan('held');
  charge(span);
  span.finish();
}
`,
  'held/billing.ts': `import type { Span } from 'opentracing';
import { audit } from './audit';

export function charge(span: Span): void {
  span.setTag('charged', true);
  audit(span);
}
`,
  'held/audit.ts': `import type { Span } from 'opentracing';

export function audit(span: Span): void {
  span.setBaggageItem('audited', 'yes');
}
`,
  // held/ again, with a tracer handed to the file that stays: server.ts cannot convert a tracer
  // going out, so it stays too, and says which file holds it back.
  'tied/server.ts': `import { globalTracer } from 'opentracing';
import { audit } from './audit';

export async function run(): Promise<void> {
  const tracer = globalTracer();
  const span = tracer.startSpan('tied');
  audit(span, tracer);
  span.finish();
}
`,
  'tied/audit.ts': `import type { Span, Tracer } from 'opentracing';

export function audit(span: Span, tracer: Tracer): void {
  span.setBaggageItem('audited', 'yes');
  tracer.startSpan('audit', { childOf: span }).finish();
}
`,
  // The tracer of a file that stays (tracing.ts, for its baggage helper): service.ts converts it
  // once, after its imports, and moves.
  'shared/tracing.ts': `import type { Span } from 'opentracing';
import { globalTracer } from 'opentracing';

export const tracer = globalTracer();

export function markAudited(span: Span): void {
  span.setBaggageItem('audited', 'yes');
}
`,
  'shared/service.ts': `import { tracer } from './tracing';

export async function run(): Promise<void> {
  const span = tracer.startSpan('service');
  span.setTag('service.ok', true);
  span.finish();
}
`,
  // A call into the file that stays that both takes and returns a span: converted both ways.
  // billing.ts gets an entry adapter while main.ts stays; it moves with main.ts.
  'audited/main.ts': `import { globalTracer } from 'opentracing';
import { startAudit } from './audit';
import { charge } from './billing';

export async function run(): Promise<void> {
  const span = globalTracer().startSpan('checkout');
  charge(span);
  const child = startAudit(span);
  child.finish();
  span.finish();
}
`,
  'audited/billing.ts': `import type { Span } from 'opentracing';

export function charge(span: Span): void {
  span.setTag('charged', true);
}
`,
  'audited/audit.ts': `import type { Span } from 'opentracing';
import { globalTracer } from 'opentracing';

export function startAudit(parent: Span): Span {
  parent.setBaggageItem('audited', 'yes');
  return globalTracer().startSpan('audit-child', { childOf: parent });
}
`,
  // A function only a file that stays calls: it moves with an entry adapter, which goes once that
  // file is fixed and moves too.
  'entry/a.ts': `import { globalTracer } from 'opentracing';
import { charge } from './b';

export async function run(): Promise<void> {
  const span = globalTracer().startSpan('a');
  span.setBaggageItem('tenant', 't1');
  charge(span, 5);
  span.finish();
}
`,
  'entry/b.ts': `import type { Span } from 'opentracing';

export function charge(span: Span, cents: number): void {
  span.setTag('cents', cents);
}
`,
  // A library function no file of the paths calls: for the adapter step, later.
  'library/lib.ts': `import type { Span } from 'opentracing';

export function tagRequest(span: Span, path: string): void {
  span.setTag('request.path', path);
}
`,
  // The same, with the span in an options object of an interface of its own: still the library's.
  'library/options.ts': `import type { Span } from 'opentracing';

export interface TagOptions {
  span: Span;
  path: string;
}

export function tagPath(options: TagOptions): void {
  options.span.setTag('request.path', options.path);
}
`,
  // Through the @app/* path alias of tsconfig.json.
  'alias/billing.ts': `import type { Span } from 'opentracing';

export function refund(span: Span): void {
  span.setTag('refund', true);
}
`,
  'alias/server.ts': `import { globalTracer } from 'opentracing';
import { refund } from '@app/billing';

export function handleRefund(): void {
  const span = globalTracer().startSpan('refund');
  refund(span);
  span.finish();
}
`,
  // A class: a tracer given in an options object, fields read through this, private and
  // protected methods, super calls, and callbacks over a list of spans.
  'plugin/base.ts': `import type { Span, Tracer } from 'opentracing';

export class BasePlugin {
  constructor(protected readonly tracer: Tracer) {}

  protected createSpan(name: string, parent?: Span): Span {
    return this.tracer.startSpan(name, { childOf: parent });
  }
}
`,
  'plugin/plugin.ts': `import type { Span, Tracer } from 'opentracing';
import { BasePlugin } from './base';

export interface PluginOptions {
  tracer: Tracer;
}

/** Traces a request and its steps; remembers the current span. */
export class TracingPlugin extends BasePlugin {
  private current?: Span;
  private readonly spans: Span[] = [];

  constructor(options: PluginOptions) {
    super(options.tracer);
  }

  start(name: string): void {
    const span = this.spanFromConfig({ name });
    this.current = span;
    this.spans.push(span);
  }

  step(name: string): void {
    const span = super.createSpan(name, this.current);
    this.spans.push(span);
  }

  private spanFromConfig(config: { name: string }): Span {
    return this.tracer.startSpan(config.name, { childOf: this.current });
  }

  end(): void {
    this.spans.forEach((s) => s.setTag('plugin', 'tracing'));
    for (const s of this.spans.reverse()) s.finish();
    this.current = undefined;
  }
}
`,
  'plugin/main.ts': `import { globalTracer } from 'opentracing';
import { TracingPlugin } from './plugin';

export async function run(): Promise<void> {
  const plugin = new TracingPlugin({ tracer: globalTracer() });
  plugin.start('request');
  plugin.step('db');
  plugin.step('cache');
  plugin.end();
}
`,
  // A field typed OpenTracing's in an interface: the file that writes it and the one that reads
  // it move with the file that declares it, though neither calls the other.
  'context/context.ts': `import type { Span } from 'opentracing';

export interface RequestContext {
  span?: Span;
  user?: string;
}
`,
  'context/plugin.ts': `import { globalTracer } from 'opentracing';
import type { RequestContext } from './context';

export function requestStarted(ctx: RequestContext): void {
  const span = globalTracer().startSpan('request');
  ctx.span = span;
}

export function requestEnded(ctx: RequestContext): void {
  ctx.span?.finish();
}
`,
  'context/resolvers.ts': `import type { RequestContext } from './context';

export function resolveUser(ctx: RequestContext): string {
  ctx.span?.setTag('user.id', ctx.user ?? 'anonymous');
  return ctx.user ?? 'anonymous';
}
`,
  'context/server.ts': `import type { RequestContext } from './context';
import { send } from './http';
import { requestEnded, requestStarted } from './plugin';
import { resolveUser } from './resolvers';

export async function run(): Promise<void> {
  const ctx: RequestContext = { user: 'u-1' };
  requestStarted(ctx);
  resolveUser(ctx);
  requestEnded(ctx);
  send({ url: '/users' });
}
`,
  // A span on a framework's object, through an interface of the paths (a cast).
  'context/http.ts': `import { globalTracer } from 'opentracing';
import type { Span } from 'opentracing';

export interface TracedConfig {
  url: string;
  span?: Span;
}

export function send(config: { url: string }): void {
  const span = globalTracer().startSpan('GET ' + config.url);
  (config as TracedConfig).span = span;
  received(config);
}

function received(config: { url: string }): void {
  (config as TracedConfig).span?.finish();
}
`,
  // The same on an object typed \`any\`: nothing says what reads it.
  'untyped/http.ts': `import { globalTracer } from 'opentracing';

export function send(config: any): void {
  const span = globalTracer().startSpan('GET');
  config.span = span;
}
`,
  // Containers of spans: an AsyncLocalStorage another file declares, a Map of this file, a list.
  'store/store.ts': `import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from 'opentracing';

export const active = new AsyncLocalStorage<Span>();
`,
  'store/worker.ts': `import { globalTracer } from 'opentracing';
import type { Span } from 'opentracing';
import { active } from './store';

const open = new Map<string, Span>();
const finished: Span[] = [];

function step(name: string): void {
  const parent = open.get('job') ?? active.getStore();
  const span = globalTracer().startSpan(name, { childOf: parent });
  open.set(name, span);
  active.getStore()?.setTag('last.step', name);
}

export async function run(): Promise<void> {
  const root = globalTracer().startSpan('job');
  active.run(root, () => {
    step('fetch');
    step('store');
  });
  open.forEach((span) => {
    span.finish();
    finished.push(span);
  });
  const last = finished.pop();
  last?.setTag('last', true);
  root.finish();
}
`,
  // A framework: OpenTracing's types re-exported by its index, a tracer from its options or the
  // global one, a context object (an interface of its own) handed to the application, and a
  // tracer exported as a value.
  'framework/index.ts': `export { Span, Tracer } from 'opentracing';
export { Consumer } from './consumer';
export type { ConsumerOptions, MessageContext } from './types';
`,
  'framework/types.ts': `import type { Span, SpanContext, Tracer } from 'opentracing';

export interface ConsumerOptions {
  tracer?: Tracer;
}

export interface MessageContext {
  body: string;
  span: Span;
  spanContext: SpanContext;
  tracer: Tracer;
}
`,
  'framework/consumer.ts': `import { globalTracer } from 'opentracing';
import type { Tracer } from 'opentracing';
import type { ConsumerOptions, MessageContext } from './types';

export class Consumer {
  private readonly tracer: Tracer;

  constructor(options: ConsumerOptions = {}) {
    this.tracer = options.tracer ?? globalTracer();
  }

  receive(body: string): MessageContext {
    const span = this.tracer.startSpan('receive');
    return { body, span, spanContext: span.context(), tracer: this.tracer };
  }
}
`,
  'framework/tracing.ts': `import { globalTracer } from 'opentracing';

export const tracer = globalTracer();
`,
  'framework/app.ts': `import { Consumer } from './index';
import type { MessageContext, Span } from './index';
import { tracer } from './tracing';

function handle(ctx: MessageContext): void {
  const child: Span = ctx.tracer.startSpan('handle ' + ctx.body, { childOf: ctx.span });
  child.finish();
  ctx.span.finish();
}

export async function run(): Promise<void> {
  const consumer = new Consumer({ tracer });
  handle(consumer.receive('hello'));
}
`,
  // JavaScript with a jsconfig.json of its own: the span's type is a JSDoc import.
  'js/jsconfig.json': `{
  "compilerOptions": { "checkJs": true, "module": "commonjs", "target": "ES2022", "strict": true }
}
`,
  'js/billing.js': `// @ts-check

/**
 * @param {import('opentracing').Span} span
 * @param {number} cents
 */
function charge(span, cents) {
  span.setTag('billing.cents', cents);
}

module.exports = { charge };
`,
  // A tracer exported by module.exports, and a callback given the span, typed in JSDoc.
  'js/traced.js': `// @ts-check
const opentracing = require('opentracing');

const tracer = opentracing.globalTracer();

/**
 * @template T
 * @param {string} name
 * @param {(span: import('opentracing').Span) => T} fn
 * @returns {T}
 */
function traced(name, fn) {
  const span = tracer.startSpan(name);
  try {
    return fn(span);
  } finally {
    span.finish();
  }
}

module.exports = { tracer, traced };
`,
  'js/job.js': `// @ts-check
const { tracer, traced } = require('./traced');

async function run() {
  const total = traced('sum', (span) => {
    span.setTag('items', 3);
    return 1 + 2;
  });
  const span = tracer.startSpan('after');
  span.setTag('total', total);
  span.finish();
}

module.exports = { run };
`,
  'js/worker.js': `// @ts-check
const { globalTracer } = require('opentracing');
const { charge } = require('./billing');

async function run() {
  const span = globalTracer().startSpan('js job');
  charge(span, 5);
  span.finish();
}

module.exports = { run };
`,
};

/** The cases whose `run()` gives spans, by entry point. */
export const RUNNABLE = [
  'checkout/server.ts',
  'extracting/server.ts',
  'chain/a.ts',
  'context/server.ts',
  'framework/app.ts',
  'held/server.ts',
  'tied/server.ts',
  'shared/service.ts',
  'audited/main.ts',
  'entry/a.ts',
  'plugin/main.ts',
  'store/worker.ts',
  'js/worker.js',
  'js/job.js',
];
