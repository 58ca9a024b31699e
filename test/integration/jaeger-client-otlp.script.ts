// Run by jaeger-client-otlp.test.ts, bundled for plain node (test/support/node-bundle.ts), as
// `node <bundle> '<plan>'`: a service on the drop-in, in a process of its own, as in production.
// (Inside Jest the official OTLP exporter cannot send: it loads `http` with a dynamic import(),
// which Jest's module sandbox refuses without --experimental-vm-modules.) It records the spans the
// plan asks for, closes the tracer (which flushes them to the receiver) and prints, as one JSON
// line, their ids and what it told its logger.
import Module from 'node:module';
import type * as DropIn from '../../src/jaeger';
import type { JaegerTracingConfig, JaegerTracingOptions } from '../../src/jaeger';

/** What the test asks of this service. */
export interface ServicePlan {
  init: 'initTracer' | 'initTracerFromEnv';
  config: JaegerTracingConfig;
  options: Pick<JaegerTracingOptions, 'tags'>;
}

/** What this service prints. */
export interface ServiceReport {
  /** The server span and its child, as OpenTelemetry writes their ids. */
  root: { traceId: string; spanId: string };
  child: { spanId: string };
  info: string[];
  error: string[];
  /** Where this process resolved each package of the test's module map. */
  modules: Record<string, string>;
}

/**
 * The test's module map (package name -> the file Jest resolved it to): the second CI leg maps the
 * OpenTelemetry packages to SDK 3.x, and this process must use the same ones.
 */
function useTheTestsModules(): Record<string, string> {
  const mapped = JSON.parse(process.env.OTLP_TEST_MODULES ?? '{}') as Record<string, string>;
  const loader = Module as unknown as {
    _resolveFilename(this: unknown, request: string, ...rest: unknown[]): string;
  };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request, ...rest) {
    return resolve.call(this, mapped[request] ?? request, ...rest);
  };
  return mapped;
}

async function main(): Promise<void> {
  const mapped = useTheTestsModules();
  const plan = JSON.parse(process.argv[2] ?? '{}') as ServicePlan;
  // Loaded after the module map is in place.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dropIn = require('../../src/jaeger') as typeof DropIn;
  const info: string[] = [];
  const error: string[] = [];
  const options: JaegerTracingOptions = {
    ...plan.options,
    registerGlobals: false,
    logger: { info: (line) => info.push(line), error: (line) => error.push(line) },
  };
  const tracer = dropIn[plan.init](plan.config, options);
  const root = tracer.startSpan('GET /orders', {
    tags: { 'span.kind': 'server', 'order.id': 'o-17' },
  });
  const child = tracer.startSpan('load order', {
    childOf: root,
    tags: { retries: 2, cached: false, ratio: 0.25 },
  });
  child.finish();
  root.finish();
  await new Promise<void>((resolve) => tracer.close(resolve));
  const report: ServiceReport = {
    root: { traceId: root.context().toTraceId(), spanId: root.context().toSpanId() },
    child: { spanId: child.context().toSpanId() },
    info,
    error,
    modules: Object.fromEntries(Object.keys(mapped).map((name) => [name, require.resolve(name)])),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
