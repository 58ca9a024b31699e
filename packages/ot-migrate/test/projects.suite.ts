// The fixture projects of test/projects, the codebases ot-migrate is measured on (issue #13):
// each type-checks with its own configuration, keeps OpenTracing out of its framework stand-ins
// and its scenario, and gives the spans that make it worth migrating when run through the bridge.
// A rewrite is then judged by whether it gives the same spans (support/run-project.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as ts from 'typescript';
import { createProgram, projectDiagnostics } from '../../../test/support/typescript-program';
import { PROJECTS, PROJECTS_DIR, runProject, traceOutline } from './support/run-project';

const sourceFiles = (dir: string) =>
  readdirSync(dir).filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'));

describe.each(Object.entries(PROJECTS))('project %s', (name, project) => {
  const dir = join(PROJECTS_DIR, name);

  it('type-checks with its own configuration', () => {
    const configFile = join(dir, project.config);
    const read = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
    expect(read.error).toBeUndefined();
    const config: unknown = read.config;
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir, undefined, configFile);
    expect(parsed.errors).toEqual([]);
    const program = createProgram(parsed.fileNames, parsed.options);
    const messages = projectDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file
        ? `${diagnostic.file.fileName}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: `
        : '';
      return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    });
    expect(messages).toEqual([]);
    // Every source file of the project is in the program, and checked.
    expect(parsed.fileNames.map((file) => file.slice(dir.length + 1)).sort()).toEqual(
      sourceFiles(dir).sort(),
    );
    if (project.config === 'jsconfig.json') expect(parsed.options.checkJs).toBe(true);
  }, 30_000);

  it('imports only opentracing, @opentelemetry/api, Node and its own files', () => {
    const files = sourceFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(files.length).toBeLessThanOrEqual(9);
    for (const file of files) {
      const imports = ts
        .preProcessFile(readFileSync(join(dir, file), 'utf8'), true, true)
        .importedFiles.map((imported) => imported.fileName);
      const foreign = imports.filter(
        (specifier) =>
          !specifier.startsWith('./') &&
          !specifier.startsWith('@app/') &&
          !specifier.startsWith('node:') &&
          !builtinModules.includes(specifier) &&
          specifier !== 'opentracing' &&
          specifier !== '@opentelemetry/api',
      );
      expect({ file, foreign }).toEqual({ file, foreign: [] });
      // The scenario drives the project, and the stand-ins play its framework: neither is
      // OpenTracing code, so a rewrite leaves them as they are.
      if (file === project.entry || project.standIns.includes(file)) {
        expect({ file, opentracing: imports.includes('opentracing') }).toEqual({
          file,
          opentracing: false,
        });
      }
    }
  });
});

/** The ended spans with this name, in end order. */
function named(spans: readonly ReadableSpan[], name: string): ReadableSpan[] {
  return spans.filter((span) => span.name === name);
}

/** The spans of the trace that continues the caller's trace with this id. */
function trace(spans: readonly ReadableSpan[], traceId: string): ReadableSpan[] {
  return spans.filter((span) => span.spanContext().traceId === traceId);
}

type SpanEvent = ReadableSpan['events'][number];

/**
 * An event's attributes without the `event` field when it only repeats the event's name (`error`
 * for an exception): rewritten code names the event instead (as compare-spans.ts has it).
 */
function fields(event: SpanEvent): Record<string, unknown> {
  const { event: field, ...rest } = event.attributes ?? {};
  const repeated = field === (event.name === 'exception' ? 'error' : event.name);
  return repeated ? rest : { ...event.attributes };
}

/** A span's events as [name, fields]. */
function events(span: ReadableSpan): [string, Record<string, unknown>][] {
  return span.events.map((event) => [event.name, fields(event)]);
}

/** The fields of a span's exception event. */
function exception(span: ReadableSpan): Record<string, unknown> | undefined {
  const event = span.events.find((candidate) => candidate.name === 'exception');
  return event && fields(event);
}

describe('graphql-plugin', () => {
  let spans: ReadableSpan[];
  beforeAll(async () => {
    spans = await runProject(join(PROJECTS_DIR, 'graphql-plugin'));
  });

  it('traces each request, and each resolved field under the field it belongs to', () => {
    expect(traceOutline(spans)).toEqual([
      'graphql GetUser (server)',
      '  Query.user',
      '    User.name',
      '    User.orders',
      'graphql GetUserFromGateway (server) <- remote',
      '  Query.user',
      '    User.name',
      '    User.orders',
      'graphql GetMissingUser (server) ERROR',
      '  Query.user ERROR',
    ]);
    // Fields of ignored types (Order) get no span.
    expect(spans.some((span) => span.name.startsWith('Order.'))).toBe(false);
    expect(named(spans, 'User.orders')[0].attributes).toMatchObject({
      'graphql.field.path': 'user.orders',
      'graphql.field.type': '[Order]',
    });
  });

  it('lets resolvers tag and log on the request span they find in the context', () => {
    const [request] = named(spans, 'graphql GetUser');
    expect(request.attributes).toMatchObject({
      component: 'apollo-tracing',
      'graphql.operation.name': 'GetUser',
      'user.id': 'u-1',
    });
    expect(events(request)).toEqual([
      ['orders loaded', { count: 2 }],
      ['response', { fields: 3 }],
    ]);
  });

  it("continues the caller's trace, with its baggage", () => {
    const gateway = trace(spans, '0af7651916cd43dd8448eb211c80319c');
    expect(gateway).toHaveLength(4);
    for (const span of gateway) expect(span.attributes.tenant).toBe('acme');
    expect(named(gateway, 'graphql GetUserFromGateway')[0].attributes['enduser.id']).toBe(
      'gateway',
    );
  });

  it('records a failing resolver on its field span and on the request span', () => {
    const [request] = named(spans, 'graphql GetMissingUser');
    const field = named(spans, 'Query.user').find(
      (span) => span.parentSpanContext?.spanId === request.spanContext().spanId,
    );
    for (const span of [request, field!]) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(exception(span)).toMatchObject({
        'exception.type': 'Error',
        'exception.message': 'user u-404 not found',
      });
      expect(String(exception(span)?.['exception.stacktrace'])).toMatch(
        /^Error: user u-404 not found\n\s+at /,
      );
    }
    expect(request.attributes['graphql.errors']).toBe(1);
  });
});

describe('nest-middleware', () => {
  let spans: ReadableSpan[];
  beforeAll(async () => {
    spans = await runProject(join(PROJECTS_DIR, 'nest-middleware'));
  });

  it('traces each request, its stock call, and the warm-up', () => {
    expect(traceOutline(spans)).toEqual([
      'warm-up',
      '  GET /health (server)',
      'GET /orders/:id (server)',
      '  HTTP GET (client)',
      'GET /orders/:id (server) <- remote',
      '  HTTP GET (client)',
      'GET /orders/:id (server) ERROR',
      '  HTTP GET (client) ERROR',
    ]);
  });

  it('tags with enum and constant keys, and translates the standard tags', () => {
    const [server] = named(spans, 'GET /orders/:id');
    expect(server.attributes).toMatchObject({
      component: 'nest-tracing',
      'event.type': 'request',
      'order.id': '1',
      'http.request.method': 'GET',
      // A path: `url.full` is absolute.
      'url.path': '/orders/1',
      'http.response.status_code': 200,
    });
    expect(events(server)).toEqual([['stock checked', { 'stock.level': 3 }]]);
    const [client] = named(spans, 'HTTP GET');
    expect(client.kind).toBe(SpanKind.CLIENT);
    // The stock service answers 400 to a call without trace headers: 200 means they were injected.
    expect(client.attributes).toMatchObject({
      'peer.service': 'stock',
      'event.type': 'call',
      'url.full': 'http://stock/items/1',
      'http.response.status_code': 200,
    });
  });

  it("continues the caller's trace, and reads its baggage", () => {
    const gateway = trace(spans, '4bf92f3577b34da6a3ce929d0e0e4736');
    expect(gateway.map((span) => span.name).sort()).toEqual(['GET /orders/:id', 'HTTP GET']);
    for (const span of gateway) expect(span.attributes.tenant).toBe('acme');
    expect(named(gateway, 'GET /orders/:id')[0].attributes['tenant.id']).toBe('acme');
  });

  it('records the failed stock call and the 502 it becomes', () => {
    const client = named(spans, 'HTTP GET').find(
      (span) => span.attributes['url.full'] === 'http://stock/items/999',
    );
    expect(client?.status.code).toBe(SpanStatusCode.ERROR);
    expect(client?.attributes['http.response.status_code']).toBe(500);
    expect(exception(client!)).toEqual({
      'exception.message': 'Request failed with status code 500',
    });
    const server = named(spans, 'GET /orders/:id').find(
      (span) => span.attributes['order.id'] === '999',
    );
    expect(server?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.attributes['http.response.status_code']).toBe(502);
  });
});

describe('message-framework', () => {
  let spans: ReadableSpan[];
  beforeAll(async () => {
    spans = await runProject(join(PROJECTS_DIR, 'message-framework'));
  });

  it('follows each message from its producer, and batches under a batch span', () => {
    expect(traceOutline(spans)).toEqual([
      'orders send (producer)',
      '  orders process (consumer) ~follows_from~> orders send',
      '    reserve stock',
      '      invoices send (producer)',
      'orders send (producer)',
      '  orders process (consumer) ERROR ~follows_from~> orders send',
      '    reserve stock',
      'orders process (consumer) <- remote ~follows_from~> <remote>',
      '  reserve stock',
      '    invoices send (producer)',
      'invoices batch (consumer)',
      '  invoices process (consumer) ~follows_from~> invoices send',
      '  invoices process (consumer) ~follows_from~> invoices send',
    ]);
    const [batch] = named(spans, 'invoices batch');
    expect(batch.attributes['messaging.batch.message_count']).toBe(2);
    // The batch's messages follow from the producers of their own traces.
    for (const span of named(spans, 'invoices process')) {
      const [link] = span.links.filter(
        (candidate) => candidate.attributes?.['opentracing.ref_type'] === 'follows_from',
      );
      expect(link.context.traceId).not.toBe(batch.spanContext().traceId);
    }
  });

  it('sets the sampling priority at start on every message span', () => {
    const messageSpans = spans.filter((span) => / (send|process)$/.test(span.name));
    expect(messageSpans).toHaveLength(9);
    for (const span of messageSpans) expect(span.attributes['sampling.priority']).toBe(1);
  });

  it('carries baggage from the upstream service and from handler to handler', () => {
    const [upstream] = trace(spans, '5b8aa5a2d2c872e8321cf37308d69df2').filter(
      (span) => span.name === 'orders process',
    );
    expect(upstream.attributes['tenant.id']).toBe('acme');
    // `order.id`, set by one handler with setBaggageItem, is read by the invoice handler.
    const invoices = named(spans, 'invoices process');
    expect(invoices.map((span) => span.attributes['invoice.order'])).toEqual(['1', '2']);
    expect(invoices.map((span) => span.attributes['tenant.id'])).toEqual(['acme', undefined]);
  });

  it('records a message that cannot be handled on its consumer span', () => {
    const failed = named(spans, 'orders process').filter(
      (span) => span.status.code === SpanStatusCode.ERROR,
    );
    expect(failed).toHaveLength(1);
    expect(exception(failed[0])).toMatchObject({
      'exception.type': 'Error',
      'exception.message': 'Error: order 3 cannot be parsed',
    });
  });
});

describe('grpc-interceptors', () => {
  let spans: ReadableSpan[];
  beforeAll(async () => {
    spans = await runProject(join(PROJECTS_DIR, 'grpc-interceptors'));
  });

  it('traces both ends of each call, retries included', () => {
    expect(traceOutline(spans)).toEqual([
      'users.Users/Get (client)',
      '  users.Users/Get (server)',
      '    inventory.Inventory/Reserve (client) ERROR',
      '      inventory.Inventory/Reserve (server) ERROR',
      '    inventory.Inventory/Reserve (client)',
      '      inventory.Inventory/Reserve (server)',
      'users.Users/Get (server) <- remote',
      '  inventory.Inventory/Reserve (client)',
      '    inventory.Inventory/Reserve (server)',
      'users.Users/Get (client) ERROR',
      '  users.Users/Get (server) ERROR',
      'users.Users/Crash (client) ERROR',
      '  users.Users/Crash (server) ERROR',
      'users.Users/Get (client) ERROR',
    ]);
    const attempts = named(spans, 'inventory.Inventory/Reserve').filter(
      (span) => span.kind === SpanKind.CLIENT,
    );
    expect(
      attempts.map((span) => [
        span.attributes['rpc.grpc.previous_attempts'],
        span.attributes['rpc.grpc.status_code'],
      ]),
    ).toEqual([
      [0, 14],
      [1, 0],
      [0, 0],
    ]);
    for (const span of spans.filter((candidate) => candidate.kind === SpanKind.SERVER)) {
      expect(span.attributes['network.peer.address']).toBe('10.0.0.1');
    }
  });

  it("continues an upstream caller's trace, and passes its baggage on", () => {
    const upstream = trace(spans, '8f6a1b9c0d2e3f405162738495a6b7c8');
    expect(upstream).toHaveLength(3);
    for (const span of upstream) expect(span.attributes.tenant).toBe('acme');
    // Read with getBaggageItem on both servers: the baggage went through the metadata.
    expect(
      upstream
        .filter((span) => span.kind === SpanKind.SERVER)
        .map((s) => s.attributes['tenant.id']),
    ).toEqual(['acme', 'acme']);
  });

  it('records the status of failed calls, and a call that never got one', () => {
    const notFound = named(spans, 'users.Users/Get').filter(
      (span) => span.attributes['rpc.grpc.status_code'] === 5,
    );
    expect(notFound).toHaveLength(2);
    for (const span of notFound)
      expect(exception(span)).toEqual({ 'exception.message': 'no user u-404' });
    const [crash] = named(spans, 'users.Users/Crash');
    expect(exception(crash)).toEqual({
      'exception.message': 'TypeError: cannot read properties of undefined',
    });
    // The closed channel: the span variable was still set when the call threw.
    const closed = spans[spans.length - 1];
    expect(closed.name).toBe('users.Users/Get');
    expect(closed.attributes['rpc.grpc.status_code']).toBe(14);
    expect(exception(closed)).toEqual({ 'exception.message': 'transport failure' });
  });
});

describe('auto-instrumentation', () => {
  let spans: ReadableSpan[];
  beforeAll(async () => {
    spans = await runProject(join(PROJECTS_DIR, 'auto-instrumentation'));
  });

  it('traces requests, and the queries made while serving them', () => {
    expect(traceOutline(spans)).toEqual([
      'HTTP GET (server)',
      '  redis GET (client)',
      '  pg.query:SELECT (client)',
      '  redis SET (client)',
      'HTTP GET (server) <- remote',
      '  redis GET (client)',
      'HTTP GET (server)',
      '  redis GET (client)',
      '  pg.query:SELECT (client)',
      'HTTP GET (server) ERROR',
      '  redis GET (client)',
      '  pg.query:SELECT (client) ERROR',
    ]);
    // PING is ignored by the caller's options.
    expect(named(spans, 'redis PING')).toEqual([]);
  });

  it('translates the database tags', () => {
    expect(named(spans, 'pg.query:SELECT')[0].attributes).toEqual({
      component: 'pg',
      'db.system.name': 'other_sql',
      'db.namespace': 'accounts',
      'db.user': 'app',
      'db.query.text': 'SELECT id, name FROM users WHERE id = $1',
      'server.address': 'db.internal',
      'server.port': 5432,
      'db.row_count': 1,
    });
    expect(named(spans, 'redis GET')[0].attributes).toMatchObject({
      'db.system.name': 'redis',
      'db.query.text': 'GET user:1',
      'server.address': '127.0.0.1:6379',
      'redis.hit': false,
    });
  });

  it("continues the caller's trace, with its baggage, and lets the app tag the request span", () => {
    const caller = trace(spans, 'c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6');
    expect(caller.map((span) => span.name)).toEqual(['redis GET', 'HTTP GET']);
    for (const span of caller) expect(span.attributes.tenant).toBe('acme');
    expect(caller[1].attributes).toMatchObject({ 'cache.hit': true, 'user.id': '1' });
  });

  it('records a failing query on its span and on the request', () => {
    const failed = spans.filter((span) => span.status.code === SpanStatusCode.ERROR);
    expect(failed.map((span) => span.name)).toEqual(['pg.query:SELECT', 'HTTP GET']);
    for (const span of failed) {
      expect(exception(span)).toMatchObject({
        'exception.type': 'Error',
        'exception.message': 'invalid input syntax for type integer: "x"',
      });
    }
    expect(failed[1].attributes['http.response.status_code']).toBe(500);
  });
});

describe('jsdoc-service', () => {
  let spans: ReadableSpan[];
  beforeAll(async () => {
    spans = await runProject(join(PROJECTS_DIR, 'jsdoc-service'));
  });

  it('traces each charge, with the traced() helper spans under it', () => {
    expect(traceOutline(spans)).toEqual([
      'POST /charges (server)',
      '  fraud check',
      '  gateway charge',
      'POST /charges (server) <- remote',
      '  fraud check',
      '  gateway charge',
      'POST /charges (server)',
      '  fraud check',
      'POST /charges (server) ERROR',
      '  fraud check',
      '  gateway charge ERROR',
    ]);
  });

  it('logs shorthand fields and tags from the helper in another file', () => {
    const [first] = named(spans, 'POST /charges');
    expect(first.attributes).toMatchObject({
      'order.id': 'o-1',
      'order.currency': 'EUR',
      'http.request.method': 'POST',
      'http.response.status_code': 201,
    });
    expect(events(first)).toEqual([
      ['charging', { cents: 1250 }],
      ['charged', { receipt: 'ch_o-1' }],
    ]);
    expect(named(spans, 'fraud check').map((span) => span.attributes['fraud.score'])).toEqual([
      0.1, 0.1, 0.95, 0.1,
    ]);
  });

  it("continues the caller's trace, and reads its baggage", () => {
    const caller = trace(spans, 'e2f3a4b5c6d7e8f90a1b2c3d4e5f6a7b');
    expect(caller).toHaveLength(3);
    for (const span of caller) expect(span.attributes.tenant).toBe('acme');
    expect(named(caller, 'POST /charges')[0].attributes['tenant.id']).toBe('acme');
  });

  it('records a declined card, and leaves a refused one without error', () => {
    const charges = named(spans, 'POST /charges');
    expect(
      charges.map((span) => [span.attributes['http.response.status_code'], span.status.code]),
    ).toEqual([
      [201, SpanStatusCode.UNSET],
      [201, SpanStatusCode.UNSET],
      [403, SpanStatusCode.UNSET],
      [502, SpanStatusCode.ERROR],
    ]);
    const declined = named(spans, 'gateway charge')[2];
    expect(declined.status.code).toBe(SpanStatusCode.ERROR);
    expect(exception(declined)).toMatchObject({
      'exception.type': 'Error',
      'exception.message': 'card declined: insufficient funds',
    });
    expect(exception(charges[3])).toMatchObject({
      'exception.message': 'card declined: insufficient funds',
    });
  });
});
