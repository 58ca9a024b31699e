import type { TracerProvider } from '@opentelemetry/api';
import { trace } from '../internal/otel-api';
import * as opentracing from 'opentracing';
import { reportInternalError } from '../internal/report';
import { TracerShim, type TracerShimOptions } from '../tracer';
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

/**
 * Makes a {@link TracerShim} OpenTracing's global tracer: what `opentracing.globalTracer()`
 * returns, including references taken before this call. Returns the shim.
 *
 * Safe to call again (after registering a new TracerProvider, say): the new shim replaces the
 * previous one. Note that OpenTracing's global tracer lives in the `opentracing` module itself, so
 * the application must resolve the same copy of `opentracing` as this package (`npm ls opentracing`).
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
  return shim;
}

/** Puts OpenTracing's no-op tracer back as the global tracer (for tests and shutdown). */
export function uninstallGlobalTracer(): void {
  opentracing.initGlobalTracer(new opentracing.Tracer());
}
