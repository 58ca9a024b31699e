import type { TextMapPropagator, TracerProvider } from '@opentelemetry/api';
import type * as ContextAsyncHooks from '@opentelemetry/context-async-hooks';
import { context, diag, propagation, trace } from '../internal/otel-api';
import type { JaegerLogger } from './config';
import type { StartNotes } from './start-notes';

const DIAG_LEVEL_WARN = 50;

// CommonJS's `require`: context-async-hooks is an optional peer dependency.
declare const require: (name: string) => unknown;

/** The provider of the drop-in tracer that holds the globals now, if one does. */
let holder: TracerProvider | undefined;

/**
 * Makes the drop-in's provider, propagator and an AsyncLocalStorage context manager OpenTelemetry's
 * global ones, so OpenTelemetry code in the process (its instrumentations included) joins the
 * same traces and speaks the same wire formats. Globals registered earlier are kept (said once).
 * With a logger, the bridge's warnings (`diag`) go to it from then on. Returns what gives the
 * globals back when the tracer closes, so a tracer built after it (a configuration reload) gets
 * them.
 * @internal
 */
export function registerGlobals(
  provider: TracerProvider,
  propagator: TextMapPropagator,
  logger: JaegerLogger | undefined,
  notes: StartNotes,
): () => void {
  let release = (): void => undefined;
  if (holder !== undefined) {
    // Another drop-in tracer, still open, holds them: the API would log a duplicate registration,
    // with a stack trace, for each.
    noteKept('tracer provider', notes);
    noteKept('propagator', notes);
  } else {
    const ownsProvider = trace.setGlobalTracerProvider(provider);
    if (!ownsProvider) noteKept('tracer provider', notes);
    const ownsPropagator = propagation.setGlobalPropagator(propagator);
    if (!ownsPropagator) noteKept('propagator', notes);
    const ownsContext = registerContextManager(notes);
    if (ownsProvider) {
      holder = provider;
      release = () => {
        if (holder !== provider) return;
        holder = undefined;
        trace.disable();
        if (ownsPropagator) propagation.disable();
        if (ownsContext) context.disable();
      };
    }
  }
  // After registering: the API's own errors about globals set earlier are not this logger's news.
  if (logger !== undefined) setDiagLogger(logger);
  return release;
}

function noteKept(what: string, notes: StartNotes): void {
  notes.cannotKeep(
    `a global OpenTelemetry ${what} was already registered: OpenTelemetry code keeps using it`,
  );
}

/** Registers an AsyncLocalStorage context manager; whether this call did. */
function registerContextManager(notes: StartNotes): boolean {
  try {
    const hooks = require('@opentelemetry/context-async-hooks') as typeof ContextAsyncHooks;
    const manager = new hooks.AsyncLocalStorageContextManager();
    if (!context.setGlobalContextManager(manager)) return false;
    manager.enable();
    return true;
  } catch {
    notes.cannotKeep(
      'no context manager: @opentelemetry/context-async-hooks could not be loaded, so OpenTelemetry code does not see the active span across async calls',
    );
    return false;
  }
}

/** OpenTelemetry's diag messages at WARN and above go to the logger, with their details. */
function setDiagLogger(logger: JaegerLogger): void {
  const line = (message: string, args: unknown[]) =>
    args.length === 0 ? message : `${message} ${args.map(describe).join(' ')}`;
  const toError = (message: string, ...args: unknown[]) =>
    safeLog(() => logger.error(line(message, args)));
  diag.setLogger(
    {
      error: toError,
      warn: toError,
      info: (message, ...args) => safeLog(() => logger.info(line(message, args))),
      debug: () => undefined,
      verbose: () => undefined,
    },
    // DiagLogLevel.WARN, by value: the API's enums are read once in internal/otel-api.ts.
    { logLevel: DIAG_LEVEL_WARN, suppressOverrideMessage: true },
  );
}

/** A diag argument as text: an error's message, not its stack. */
function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function safeLog(log: () => void): void {
  try {
    log();
  } catch {
    // The logger is the user's.
  }
}
