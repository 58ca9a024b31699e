// Shapes the rewrite must not move as if the baggage followed, found by attacking the rules that
// carry the incoming baggage (a middleware's `next()`, a span kept in a request context) and the
// status of `http.status_code`: each project is rewritten (dry run) and the file in question must
// stay with a TODO, or come out as shown.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { rewrite } from '../src/rewrite';

function rewritten(
  project: Record<string, string>,
): Record<string, { outcome: string; todos: string[]; after: string }> {
  const directory = mkdtempSync(join(__dirname, '..', '.scratch-held-back-'));
  try {
    for (const [file, text] of Object.entries(project)) {
      mkdirSync(dirname(join(directory, file)), { recursive: true });
      writeFileSync(join(directory, file), text);
    }
    const report = rewrite([directory], { tracerName: 'svc', dryRun: true });
    return Object.fromEntries(
      report.files.map((file) => [
        relative(directory, file.file),
        { outcome: file.outcome, todos: file.todos, after: file.after },
      ]),
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const KEPT =
  'a span started under an extracted context, kept where its baggage cannot follow: OpenTelemetry keeps baggage in the context, so pass that context along (`context.with(ctx, …)`) and rewrite by hand';

const NEXT_IN_CALLBACK: Record<string, string> = {
  'controller.ts':
    "import type { Tracer } from 'opentracing';\nimport type { Response } from './framework';\nimport type { TracedRequest } from './middleware';\n\nexport class AuditController {\n  constructor(private readonly tracer: Tracer) {}\n\n  handle(req: TracedRequest, _res: Response): void {\n    const work = this.tracer.startSpan('work', { childOf: req.span });\n    work.setTag('user', req.user ?? 'anonymous');\n    work.finish();\n  }\n}\n",
  'framework.ts':
    "import { EventEmitter } from 'node:events';\nexport interface Request { method: string; url: string; headers: Record<string, string> }\nexport class Response extends EventEmitter { statusCode = 200; }\nexport type NextFunction = (err?: unknown) => void;\nexport interface Middleware { use(req: Request, res: Response, next: NextFunction): void }\nexport async function serve(mw: Middleware, handler: (req: Request, res: Response) => void | Promise<void>, req: Request): Promise<void> {\n  const res = new Response();\n  await new Promise<void>((resolve) => mw.use(req, res, () => { Promise.resolve(handler(req, res)).then(() => resolve()); }));\n  res.emit('finish');\n}\n",
  'middleware.ts':
    "import type { Span, Tracer } from 'opentracing';\nimport { FORMAT_HTTP_HEADERS, Tags } from 'opentracing';\nimport type { NextFunction, Request, Response } from './framework';\n\nexport interface TracedRequest extends Request { span?: Span; user?: string }\n\nasync function verify(token: string): Promise<string> {\n  await new Promise((r) => setTimeout(r, 1));\n  return token.slice(7);\n}\n\nexport class TracingMiddleware {\n  constructor(private readonly tracer: Tracer) {}\n\n  use(req: TracedRequest, res: Response, next: NextFunction): void {\n    const parent = this.tracer.extract(FORMAT_HTTP_HEADERS, req.headers);\n    const span = this.tracer.startSpan(`${req.method} ${req.url}`, {\n      childOf: parent ?? undefined,\n      tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER },\n    });\n    req.span = span;\n    res.on('finish', () => span.finish());\n    const token = req.headers.authorization;\n    if (!token) {\n      next();\n      return;\n    }\n    verify(token).then(\n      (user) => {\n        req.user = user;\n        next();\n      },\n      (err) => next(err),\n    );\n  }\n}\n",
};

const PREVIOUS_REQUEST: Record<string, string> = {
  'context.ts':
    "import type { Span } from 'opentracing';\nexport interface Ctx { span?: Span; user?: string }\n",
  'engine.ts':
    '// A GraphQL-engine stand-in (no tracing): plugin hooks around resolvers.\nexport interface Hooks {\n  willResolveField(path: string, parentPath: string): () => void;\n  willSendResponse(): void;\n}\nexport interface Plugin<C> { requestDidStart(req: { headers?: Record<string, string> }, ctx: C): Hooks }\nexport type Resolver<C> = (ctx: C) => Promise<void>;\nexport async function execute<C>(plugin: Plugin<C>, req: { headers?: Record<string, string> }, ctx: C, fields: [string, string, Resolver<C>][]): Promise<void> {\n  const hooks = plugin.requestDidStart(req, ctx);\n  await new Promise((r) => setTimeout(r, 1));\n  for (const [path, parentPath, resolve] of fields) {\n    const done = hooks.willResolveField(path, parentPath);\n    await resolve(ctx);\n    done();\n  }\n  hooks.willSendResponse();\n}\n',
  'plugin.ts':
    "import type { Tracer } from 'opentracing';\nimport { FORMAT_HTTP_HEADERS } from 'opentracing';\nimport type { Hooks, Plugin } from './engine';\nimport type { Ctx } from './context';\n\nexport class TracingPlugin implements Plugin<Ctx> {\n  private previous: Ctx | undefined;\n\n  constructor(private readonly tracer: Tracer) {}\n\n  requestDidStart(req: { headers?: Record<string, string> }, ctx: Ctx): Hooks {\n    const parent = req.headers ? this.tracer.extract(FORMAT_HTTP_HEADERS, req.headers) : null;\n    const span = this.tracer.startSpan('graphql.request', { childOf: parent ?? undefined });\n    ctx.span = span;\n    // The time between two requests of the connection, under the earlier one.\n    const previous = this.previous;\n    this.previous = ctx;\n    const tracer = this.tracer;\n    return {\n      willResolveField(path: string) {\n        const fieldSpan = tracer.startSpan(path, { childOf: ctx.span });\n        return () => fieldSpan.finish();\n      },\n      willSendResponse() {\n        if (previous) {\n          const gap = tracer.startSpan('gap', { childOf: previous.span });\n          gap.finish();\n        }\n        ctx.span?.finish();\n      },\n    };\n  }\n}\n",
  'resolvers.ts':
    "import type { Ctx } from './context';\nexport function userResolver() {\n  return async (_ctx: Ctx): Promise<void> => {};\n}\n",
};

const STATUS_IN_SPREAD: Record<string, string> = {
  'handler.ts':
    "import { globalTracer, Tags } from 'opentracing';\n\nexport interface Res { status: number }\n\nexport function handle(res: Res | undefined, full: boolean): void {\n  const span = globalTracer().startSpan('call', { tags: { [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_CLIENT } });\n  span.addTags({\n    [Tags.COMPONENT]: 'http',\n    ...(res ? { [Tags.HTTP_STATUS_CODE]: res.status } : {}),\n  });\n  span.finish();\n  const span2 = globalTracer().startSpan('start', {\n    tags: {\n      [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER,\n      ...(full ? { [Tags.PEER_HOSTNAME]: 'h', [Tags.SAMPLING_PRIORITY]: 1 } : { [Tags.PEER_PORT]: 1 }),\n    },\n  });\n  span2.finish();\n}\n",
};

const AFTER_NEXT: Record<string, string> = {
  'controller.ts':
    "import type { Tracer } from 'opentracing';\nimport type { TracedRequest } from './middleware';\nexport class Controller {\n  constructor(private readonly tracer: Tracer) {}\n  handle(req: TracedRequest): void {\n    const work = this.tracer.startSpan('work', { childOf: req.span });\n    work.finish();\n  }\n}\n",
  'framework.ts':
    "// A tiny Express-like framework (no tracing): middleware, then the handler; 'finish' is emitted\n// once the chain has returned, as a server does when the response is flushed.\nimport { EventEmitter } from 'node:events';\nexport interface Request { method: string; url: string; headers: Record<string, string> }\nexport class Response extends EventEmitter { statusCode = 200; }\nexport type NextFunction = (err?: unknown) => void;\nexport interface Middleware { use(req: Request, res: Response, next: NextFunction): void }\nexport async function serve(mw: Middleware, handler: (req: Request, res: Response) => void | Promise<void>, req: Request): Promise<void> {\n  const res = new Response();\n  let done: Promise<void> = Promise.resolve();\n  mw.use(req, res, () => { done = Promise.resolve(handler(req, res)); });\n  await done;\n  await new Promise((r) => setTimeout(r, 5));\n  res.emit('finish');\n}\n",
  'middleware.ts':
    "import type { Span, Tracer } from 'opentracing';\nimport { FORMAT_HTTP_HEADERS } from 'opentracing';\nimport type { NextFunction, Request, Response } from './framework';\n\nexport interface TracedRequest extends Request { span?: Span }\n\nexport class TracingMiddleware {\n  constructor(private readonly tracer: Tracer) {}\n\n  use(req: TracedRequest, _res: Response, next: NextFunction): void {\n    const parent = this.tracer.extract(FORMAT_HTTP_HEADERS, req.headers);\n    const span = this.tracer.startSpan('server', { childOf: parent ?? undefined });\n    req.span = span;\n    next();\n    const after = this.tracer.startSpan('after', { childOf: req.span });\n    after.finish();\n    span.finish();\n  }\n}\n",
};

const OTHER_PARAMETER: Record<string, string> = {
  'plugin.ts':
    "import type { Span } from 'opentracing';\nimport { FORMAT_HTTP_HEADERS, globalTracer } from 'opentracing';\n\nexport interface Ctx { span?: Span }\n\nexport function requestDidStart(headers: Record<string, string>, ctx: Ctx, batchParent: Ctx): void {\n  const tracer = globalTracer();\n  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);\n  const span = tracer.startSpan('graphql.request', { childOf: parent ?? undefined });\n  ctx.span = span;\n  const child = tracer.startSpan('batch.child', { childOf: batchParent.span });\n  child.finish();\n}\n\nexport function finish(ctx: Ctx): void {\n  ctx.span?.finish();\n}\n",
};

const READ_BY_INDEX: Record<string, string> = {
  'plugin.ts':
    "import type { Span } from 'opentracing';\nimport { FORMAT_HTTP_HEADERS, globalTracer } from 'opentracing';\n\nexport interface Ctx { span?: Span }\n\nexport function requestDidStart(headers: Record<string, string>, ctx: Ctx): void {\n  const tracer = globalTracer();\n  const parent = tracer.extract(FORMAT_HTTP_HEADERS, headers);\n  const span = tracer.startSpan('graphql.request', { childOf: parent ?? undefined });\n  ctx.span = span;\n  const child = tracer.startSpan('own.child', { childOf: ctx.span });\n  child.finish();\n}\n\nexport function finish(ctx: Ctx): void {\n  ctx.span?.finish();\n}\n",
  'resolver.ts':
    "import { globalTracer } from 'opentracing';\nimport type { Ctx } from './plugin';\n\nexport function resolve(ctx: Ctx): void {\n  const db = globalTracer().startSpan('db', { childOf: ctx['span'] });\n  db.finish();\n}\n",
};

const OVERRIDDEN_BY_SPREAD: Record<string, string> = {
  'proxy.ts':
    "import { globalTracer, Tags } from 'opentracing';\n\nexport function a(path: string, full: string | null): void {\n  const span = globalTracer().startSpan('a', {\n    tags: {\n      [Tags.HTTP_URL]: path,\n      ...(full !== null ? { [Tags.HTTP_URL]: full } : {}),\n    },\n  });\n  span.finish();\n}\n\nexport function b(override: boolean): void {\n  const span = globalTracer().startSpan('b', {\n    tags: {\n      [Tags.HTTP_METHOD]: 'purge',\n      ...(override ? { [Tags.HTTP_METHOD]: 'GET' } : {}),\n    },\n  });\n  span.finish();\n}\n\nexport function c(method: string): void {\n  const base = { [Tags.HTTP_METHOD]: 'purge', [Tags.DB_TYPE]: 'sql' };\n  const span = globalTracer().startSpan('c', { tags: { ...base, [Tags.HTTP_METHOD]: method } });\n  span.finish();\n}\n\nexport function d(url: string): void {\n  const span = globalTracer().startSpan('d');\n  span.addTags({ [Tags.HTTP_URL]: '/x?q=1#f', ...(url ? { [Tags.HTTP_URL]: url } : {}) });\n  span.finish();\n}\n",
};

const HANDLER_INTERFACE: Record<string, string> = {
  'consumer.ts':
    "import { globalTracer } from 'opentracing';\nimport type { MessageHandler } from './types';\n\nexport function consume(handler: MessageHandler): void {\n  const span = globalTracer().startSpan('consume');\n  handler.handle(span);\n  span.finish();\n}\n",
  'scenario.ts':
    "import { consume } from './consumer';\nexport async function run(): Promise<unknown> {\n  consume({ handle: (span) => { span.setTag('x', 1); } });\n  return 'ok';\n}\n",
  'types.ts':
    "import type { Span } from 'opentracing';\nexport interface MessageHandler { handle(span: Span): void }\n",
};

const MAYBE_NULL: Record<string, string> = {
  'tenant.ts':
    "import type { Span } from 'opentracing';\nimport { globalTracer } from 'opentracing';\n\nlet current: Span | null = null;\n\nexport function begin(): void {\n  current = globalTracer().startSpan('job');\n}\n\n/** The tenant of the job in progress, if any. */\nfunction tenantOf(span: Span | null): string | undefined {\n  return span?.getBaggageItem('tenant');\n}\n\nexport function end(): string {\n  const before = JSON.stringify({ tenant: tenantOf(current) });\n  current?.finish();\n  current = null;\n  return before + JSON.stringify({ tenant: tenantOf(current) });\n}\n",
};

it('holds back a middleware that calls next() in a callback too: that call would run without the baggage', () => {
  const files = rewritten(NEXT_IN_CALLBACK);
  expect(files['middleware.ts'].outcome).toBe('todo');
  expect(files['middleware.ts'].todos).toContain(KEPT);
});

it("holds back a plugin that starts a span from another request's context (previous.span)", () => {
  const files = rewritten(PREVIOUS_REQUEST);
  expect(files['plugin.ts'].outcome).toBe('todo');
  expect(files['plugin.ts'].todos).toContain(KEPT);
});

it('holds back http.status_code given after start in a spread, where the bridge sets the status', () => {
  const files = rewritten(STATUS_IN_SPREAD);
  expect(files['handler.ts'].outcome).toBe('todo');
  expect(files['handler.ts'].todos).toEqual([
    '`http.status_code` after start depends on the span kind or sets the status: rewrite by hand',
  ]);
});

it('reads nothing (undefined, not null) from a span that may be null, as span?.getBaggageItem did', () => {
  const files = rewritten(MAYBE_NULL);
  expect(files['tenant.ts'].outcome).toBe('rewritten');
  expect(files['tenant.ts'].after).toContain(
    "return (span ? propagation.getBaggage(context.active())?.getEntry('tenant')?.value : undefined);",
  );
});

it('holds back a middleware that starts a span from req.span after next() has returned', () => {
  const files = rewritten(AFTER_NEXT);
  expect(files['middleware.ts'].outcome).toBe('todo');
  expect(files['middleware.ts'].todos).toContain(KEPT);
});

it("holds back a plugin that starts a span from another parameter's context (batchParent.span)", () => {
  const files = rewritten(OTHER_PARAMETER);
  expect(files['plugin.ts'].outcome).toBe('todo');
  expect(files['plugin.ts'].todos).toContain(KEPT);
});

it('holds back a span field read by index, which the analysis by names cannot follow', () => {
  const files = rewritten(READ_BY_INDEX);
  expect(files['resolver.ts'].outcome).toBe('todo');
  expect(files['resolver.ts'].todos.join('\n')).toContain('read by index');
});

it('holds back tags a spread overrides, where the attributes of both would stay', () => {
  const files = rewritten(OVERRIDDEN_BY_SPREAD);
  expect(files['proxy.ts'].outcome).toBe('todo');
  expect(files['proxy.ts'].todos).toContain(
    'two tags translate to the same OpenTelemetry attribute: rewrite by hand',
  );
});

it('keeps an interface whose method takes a span on OpenTracing while its callers stay', () => {
  const files = rewritten(HANDLER_INTERFACE);
  // Moved alone, types.ts would break consumer.ts and scenario.ts, which stay: the project is
  // compiled again with the moved files, and nothing is moved that brings a type error.
  expect(files['types.ts'].outcome).toBe('todo');
  expect(files['types.ts'].after).toBe(HANDLER_INTERFACE['types.ts']);
});
