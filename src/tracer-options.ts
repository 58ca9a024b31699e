import type { TextMapPropagator, Tracer } from '@opentelemetry/api';
import { propagation } from './internal/otel-api';
import type { SemanticConventionsMode } from './conventions/tag-translation';
import { reportInternalError, reportMisuse } from './internal/report';
import { toKeyPredicate, type BaggageKeyFilter } from './propagation/incoming-baggage';
import {
  buildPropagator,
  propagatorFromEnvironment,
  type CarrierKind,
  type PropagatorName,
} from './propagation/propagators';
import type { TextMapCodec } from './propagation/text-map';
import type { StartSettings } from './span-start';

/** Options of {@link TracerShim}; the first two are those of `@opentelemetry/shim-opentracing`. */
export interface TracerShimOptions {
  /** Propagator for `FORMAT_TEXT_MAP`. Default: OpenTelemetry's global propagator. */
  textMapPropagator?: TextMapPropagator;
  /** Propagator for `FORMAT_HTTP_HEADERS`. Default: OpenTelemetry's global propagator. */
  httpHeadersPropagator?: TextMapPropagator;
  /**
   * What a span started without `childOf`/`references` is parented on.
   *
   * `true` (default, as in `@opentelemetry/shim-opentracing`): OpenTelemetry's active span, and
   * the active baggage, so OpenTracing spans nest under OTel spans in mixed code.
   * `false`: a new root span with empty baggage, as the OpenTelemetry specification describes for
   * shims without a scope manager.
   */
  implicitParent?: boolean;
  /**
   * Wire formats for both `FORMAT_TEXT_MAP` and `FORMAT_HTTP_HEADERS`, by name, built from the
   * official OpenTelemetry propagators: extract reads any of them, inject writes all of them. See
   * {@link PropagatorName}. An explicit `textMapPropagator`/`httpHeadersPropagator` still wins for
   * its format. Without this option the `OTEL_PROPAGATORS` environment variable is honoured as the
   * OTel SDK does, and without that, the global propagator is used.
   */
  propagators?: readonly PropagatorName[];
  /**
   * Whether a ChildOf reference chosen as the parent is also recorded as a link. Default `false`:
   * the OTel parent/child relation already says "child of" that span, so the link would repeat it
   * (Jaeger shows it as a second reference to the parent), the official shim records none either,
   * and the SDK's work on it costs about 15% of a span (see the README's performance figures).
   * `true` follows the letter of the OpenTelemetry specification: every reference becomes a link.
   * Every other reference is a link either way, a FollowsFrom parent included: the link is the
   * only place its type is recorded.
   */
  linkParentReference?: boolean;
  /**
   * Which incoming baggage keys to trust at this service's boundary: a list or a predicate. Other
   * keys are dropped at extract. Default: all keys (still bounded by the W3C limits).
   */
  incomingBaggageKeys?: BaggageKeyFilter;
  /**
   * Tag names on the OpenTelemetry spans: OpenTracing's (`'opentracing'`, the default),
   * OpenTelemetry semantic conventions (`'otel'`), or both. See {@link SemanticConventionsMode}.
   */
  semanticConventions?: SemanticConventionsMode;
}

/** A tracer's settings, read from its options. @internal */
export interface TracerSettings {
  textMap: TextMapCodec;
  httpHeaders: TextMapCodec;
  start: StartSettings;
  /** Undefined: every incoming baggage key is trusted. */
  isTrustedBaggageKey: ((key: string) => boolean) | undefined;
  semanticConventions: SemanticConventionsMode;
}

/**
 * Reads a tracer's options. Bad options must not stop the application from starting: an option
 * that cannot be read (a getter that throws, a value of the wrong type) is reported once and its
 * default used.
 * @internal
 */
export function readTracerOptions(
  tracer: Tracer,
  options: TracerShimOptions | undefined,
): TracerSettings {
  // The global `propagation` API has the propagator's inject/extract signature and looks up the
  // global propagator on each call, so one registered after this constructor is still used.
  // Each option on its own: one that cannot be read must not take the others with it.
  const named = (carrier: CarrierKind) =>
    optionOrDefault(
      'propagators',
      () =>
        options?.propagators == null
          ? propagatorFromEnvironment(carrier)
          : buildPropagator(options.propagators, carrier),
      undefined,
    );
  const textMap =
    optionOrDefault(
      'textMapPropagator',
      () => usablePropagator(options?.textMapPropagator),
      undefined,
    ) ??
    named('text-map') ??
    propagation;
  const httpHeaders =
    optionOrDefault(
      'httpHeadersPropagator',
      () => usablePropagator(options?.httpHeadersPropagator),
      undefined,
    ) ??
    named('http-headers') ??
    propagation;
  const start: StartSettings = {
    otelTracer: tracer,
    implicitParent: optionOrDefault(
      'implicitParent',
      () => options?.implicitParent !== false,
      true,
    ),
    linkParent: optionOrDefault(
      'linkParentReference',
      () => options?.linkParentReference === true,
      false,
    ),
  };
  // A trusted-key filter that cannot be read fails closed: no incoming key is trusted.
  const isTrustedBaggageKey = optionOrDefault(
    'incomingBaggageKeys',
    () => toKeyPredicate(options?.incomingBaggageKeys),
    TRUST_NO_KEY,
  );
  const semanticConventions = optionOrDefault(
    'semanticConventions',
    () => conventionsMode(options?.semanticConventions),
    'opentracing',
  );
  return { textMap, httpHeaders, start, isTrustedBaggageKey, semanticConventions };
}

/** Bad options must not stop the application from starting: the default stays in place. */
function optionOrDefault<T>(name: string, read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    reportInternalError(`TracerShim option \`${name}\``, error);
    return fallback;
  }
}

const TRUST_NO_KEY = (): boolean => false;

function usablePropagator(propagator: unknown): TextMapCodec | undefined {
  if (propagator === undefined || propagator === null) return undefined;
  const candidate = propagator as Partial<TextMapCodec>;
  if (typeof candidate.inject === 'function' && typeof candidate.extract === 'function') {
    return propagator as TextMapCodec;
  }
  reportMisuse('propagator-name', 'a propagator option without inject/extract was ignored');
  return undefined;
}

function conventionsMode(mode: unknown): SemanticConventionsMode {
  if (mode === undefined || mode === 'opentracing' || mode === 'otel' || mode === 'both') {
    return mode ?? 'opentracing';
  }
  reportMisuse('conventions', 'an unknown semanticConventions mode was replaced by `opentracing`');
  return 'opentracing';
}
