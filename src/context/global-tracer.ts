import type { TracerProvider } from '@opentelemetry/api';
import { trace } from '../internal/otel-api';
import * as opentracing from 'opentracing';
import { nodeProcess } from '../internal/node-globals';
import { reportInternalError, reportMisuse } from '../internal/report';
import { TracerShim } from '../tracer';
import type { TracerShimOptions } from '../tracer-options';
import { PACKAGE_NAME, VERSION } from '../version';

/** Options of {@link installGlobalTracer}. */
export interface InstallGlobalTracerOptions extends TracerShimOptions {
  /** Where the OpenTelemetry tracer comes from. Default: the global TracerProvider. */
  tracerProvider?: TracerProvider;
  /** The OpenTelemetry tracer (instrumentation scope) name. Default: `opentracing-otel-bridge`. */
  tracerName?: string;
  /** The OpenTelemetry tracer version. Default: this package's version when `tracerName` is not set. */
  tracerVersion?: string;
}

/** The shim {@link installGlobalTracer} last installed, until {@link uninstallGlobalTracer}. */
let installed: TracerShim | undefined;
/** The shim {@link bridgeTracer} made over a TracerProvider, kept while that provider is global. */
let fallback: { provider: TracerProvider; shim: TracerShim } | undefined;

/**
 * Makes a {@link TracerShim} OpenTracing's global tracer: what `opentracing.globalTracer()`
 * returns, including references taken before this call. Returns the shim.
 *
 * Safe to call again (after registering a new TracerProvider, say): the new shim replaces the
 * previous one. OpenTracing's global tracer lives in the `opentracing` module itself: when the
 * application resolves another copy of `opentracing` than this package does, the shim is installed
 * in that copy too, and a warning says so once.
 *
 * @param options - the provider, tracer name and {@link TracerShimOptions}.
 */
export function installGlobalTracer(options: InstallGlobalTracerOptions = {}): TracerShim {
  // Any argument is taken: null or a non-object means the defaults.
  const settings: InstallGlobalTracerOptions =
    typeof options === 'object' && options !== null ? options : {};
  let shim: TracerShim;
  try {
    const name = settings.tracerName ?? PACKAGE_NAME;
    // Our version describes our default scope only, not a scope the user named.
    const version =
      settings.tracerVersion ?? (settings.tracerName === undefined ? VERSION : undefined);
    const provider = settings.tracerProvider ?? trace.getTracerProvider();
    shim = new TracerShim(provider.getTracer(name, version), settings);
  } catch (error) {
    reportInternalError('installGlobalTracer', error);
    shim = new TracerShim(trace.getTracer(PACKAGE_NAME, VERSION), settings);
  }
  opentracing.initGlobalTracer(shim);
  for (const copy of applicationCopies()) copy.initGlobalTracer(shim);
  installed = shim;
  return shim;
}

/** Puts OpenTracing's no-op tracer back as the global tracer (for tests and shutdown). */
export function uninstallGlobalTracer(): void {
  installed = undefined;
  opentracing.initGlobalTracer(new opentracing.Tracer());
  for (const copy of applicationCopies()) copy.initGlobalTracer(new copy.Tracer());
}

/**
 * The bridge's tracer for spans the bridge did not start (see `legacySpanFrom`): the shim
 * {@link installGlobalTracer} installed as OpenTracing's global tracer, else one over the global
 * TracerProvider (made once per provider). OpenTracing gives no access to the tracer behind
 * `globalTracer()`, so a shim installed with `opentracing.initGlobalTracer` directly is not seen.
 * @internal
 */
export function bridgeTracer(): TracerShim {
  if (installed !== undefined) return installed;
  const provider = trace.getTracerProvider();
  if (fallback?.provider !== provider) {
    fallback = { provider, shim: new TracerShim(provider.getTracer(PACKAGE_NAME, VERSION)) };
  }
  return fallback.shim;
}

// CommonJS's `require`, in scope when the bridge runs as CommonJS (Node). In the ES module build a
// bundler leaves it undefined, and applicationCopies finds none: a bundle holds one copy.
declare const require: {
  (name: string): unknown;
  resolve(name: string, options?: { paths?: string[] }): string;
  readonly main?: { readonly path?: string };
};
// A name that is not a literal keeps bundlers from resolving it.
const OPENTRACING: string = 'opentracing';

/**
 * Other installed copies of `opentracing` that the application resolves (from its working
 * directory and its main module). OpenTracing keeps its global tracer in the module itself, so
 * with two copies `globalTracer()` from the application's copy would return a no-op tracer, with
 * nothing to say so: the bridge installs itself there too, and reports it once, as a sign that
 * the dependency tree holds two copies (`npm ls opentracing`, `npm dedupe`).
 */
function applicationCopies(): Array<typeof opentracing> {
  const copies: Array<typeof opentracing> = [];
  try {
    const ours = require.resolve(OPENTRACING);
    const seen = new Set([ours]);
    for (const from of [nodeProcess()?.cwd?.(), require.main?.path]) {
      if (from === undefined) continue;
      const path = resolveFrom(from);
      if (path === undefined || seen.has(path)) continue;
      seen.add(path);
      const copy = require(path) as Partial<typeof opentracing>;
      if (typeof copy.initGlobalTracer !== 'function' || typeof copy.Tracer !== 'function')
        continue;
      reportMisuse(
        'opentracing-copy',
        `the application resolves another copy of opentracing (${path}); the bridge was made its global tracer too`,
      );
      copies.push(copy as typeof opentracing);
    }
  } catch {
    // No module resolution here (a bundle, a browser): there is only the copy we import.
  }
  return copies;
}

function resolveFrom(directory: string): string | undefined {
  try {
    return require.resolve(OPENTRACING, { paths: [directory] });
  } catch {
    return undefined;
  }
}
