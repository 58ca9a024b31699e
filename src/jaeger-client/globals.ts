import type { TextMapPropagator, TracerProvider } from '@opentelemetry/api';
import type * as ContextAsyncHooks from '@opentelemetry/context-async-hooks';
import { context, diag, propagation, trace } from '../internal/otel-api';
import type { JaegerLogger } from './config';
import type { StartNotes } from './start-notes';

const DIAG_LEVEL_WARN = 50;

// CommonJS's `require`: context-async-hooks is an optional peer dependency.
declare const require: (name: string) => unknown;

/**
 * Makes the drop-in's provider, propagator and an AsyncLocalStorage context manager OpenTelemetry's
 * global ones, so OpenTelemetry code in the process (its instrumentations included) joins the
 * same traces and speaks the same wire formats. Globals registered earlier are kept (said once).
 * With a logger, the bridge's warnings (`diag`) go to it.
 * @internal
 */
export function registerGlobals(
  provider: TracerProvider,
  propagator: TextMapPropagator,
  logger: JaegerLogger | undefined,
  notes: StartNotes,
): void {
  if (logger !== undefined) {
    const toError = (message: string) => safeLog(() => logger.error(message));
    diag.setLogger(
      {
        error: toError,
        warn: toError,
        info: (message) => safeLog(() => logger.info(message)),
        debug: () => undefined,
        verbose: () => undefined,
      },
      // DiagLogLevel.WARN, by value: the API's enums are read once in internal/otel-api.ts.
      { logLevel: DIAG_LEVEL_WARN, suppressOverrideMessage: true },
    );
  }
  if (!trace.setGlobalTracerProvider(provider)) {
    notes.cannotKeep(
      'a global OpenTelemetry tracer provider was already registered: OpenTelemetry code keeps using it',
    );
  }
  if (!propagation.setGlobalPropagator(propagator)) {
    notes.cannotKeep(
      'a global OpenTelemetry propagator was already registered: OpenTelemetry code keeps using it',
    );
  }
  try {
    const hooks = require('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooks;
    const manager = new hooks.AsyncLocalStorageContextManager();
    if (context.setGlobalContextManager(manager)) manager.enable();
  } catch {
    notes.cannotKeep(
      'no context manager: @opentelemetry/context-async-hooks could not be loaded, so OpenTelemetry code does not see the active span across async calls',
    );
  }
}

function safeLog(log: () => void): void {
  try {
    log();
  } catch {
    // The logger is the user's.
  }
}
