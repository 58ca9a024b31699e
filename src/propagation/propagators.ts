import type { Context, TextMapPropagator } from '@opentelemetry/api';
import { propagation } from '../internal/otel-api';
import { safeString } from '../internal/safe-string';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { nodeProcess } from '../internal/node-globals';
import { reportMisuse } from '../internal/report';
import { JaegerFormat, type JaegerFormatOptions } from './jaeger-format';
import { OtTraceFormat } from './ot-trace-format';
import { OrderedPropagators } from './ordered-propagators';
import { W3CBaggageFormat } from './w3c-baggage-format';
import { loadPropagatorPackage } from './optional-packages';

/**
 * Wire formats by the names `OTEL_PROPAGATORS` uses:
 * `tracecontext` (W3C `traceparent`/`tracestate`), `baggage` (W3C `baggage`), `jaeger`
 * (`uber-trace-id`, `uberctx-*`), `b3` (single `b3` header), `b3multi` (`X-B3-*` headers),
 * `ottrace` (`ot-tracer-*`, `ot-baggage-*`), and `none` (no propagation).
 */
export type PropagatorName =
  'tracecontext' | 'baggage' | 'jaeger' | 'b3' | 'b3multi' | 'ottrace' | 'none';

/**
 * What a propagator is given: HTTP headers (`FORMAT_HTTP_HEADERS`, and OpenTelemetry's HTTP
 * instrumentations), or a text map (`FORMAT_TEXT_MAP`: AMQP or gRPC metadata), where the Jaeger
 * format leaves values unencoded, as jaeger-client does.
 * @internal
 */
export type CarrierKind = 'http-headers' | 'text-map';

/** Each format's propagator; `undefined` when its optional package is not installed. */
const FACTORIES: Record<
  Exclude<PropagatorName, 'none'>,
  (carrier: CarrierKind, jaeger: JaegerHeaderNames) => TextMapPropagator | undefined
> = {
  tracecontext: () => new W3CTraceContextPropagator(),
  baggage: () => new W3CBaggageFormat(),
  jaeger: (carrier, jaeger) =>
    new JaegerFormat({ ...jaeger, urlEncoding: carrier === 'http-headers' }),
  b3: () => b3Propagator('b3'),
  b3multi: () => b3Propagator('b3multi'),
  ottrace: () => {
    const otTrace = loadPropagatorPackage('@opentelemetry/propagator-ot-trace', 'ottrace');
    return otTrace && new OtTraceFormat(otTrace);
  },
};

/** Whether a name (trimmed, lower case) is a format {@link createPropagator} knows. @internal */
export function isPropagatorName(name: string): boolean {
  return name === 'none' || Object.hasOwn(FACTORIES, name);
}

/** The formats that carry baggage as well as the trace context. */
const BAGGAGE_FORMATS: ReadonlySet<string> = new Set(['baggage', 'jaeger', 'ottrace']);

function b3Propagator(format: 'b3' | 'b3multi'): TextMapPropagator | undefined {
  const b3 = loadPropagatorPackage('@opentelemetry/propagator-b3', format);
  if (b3 === undefined) return undefined;
  const injectEncoding =
    format === 'b3' ? b3.B3InjectEncoding.SINGLE_HEADER : b3.B3InjectEncoding.MULTI_HEADER;
  return new b3.B3Propagator({ injectEncoding });
}

const NO_PROPAGATION: TextMapPropagator = {
  inject: () => undefined,
  extract: (otelContext: Context) => otelContext,
  fields: () => [],
};

/**
 * Builds one propagator from format names, out of the official OpenTelemetry propagators. Inject
 * writes every format, with the baggage cut to the outgoing limits; extract reads each in the order
 * given (a later format's trace context wins when several are present, except that a 64-bit trace
 * id never replaces a 128-bit one). Unknown names are skipped with a one-time warning; `none` means no
 * propagation at all. Use the result for OTel code too, so old and new code speak the same formats:
 * `propagation.setGlobalPropagator(createPropagator(['tracecontext', 'baggage', 'jaeger']))`.
 *
 * @param names - format names, e.g. `['tracecontext', 'baggage', 'jaeger']`.
 */
export function createPropagator(names: readonly string[] | string): TextMapPropagator {
  return buildPropagator(names, 'http-headers');
}

/** The Jaeger format's header names, where they are not the default ones. @internal */
export type JaegerHeaderNames = Pick<JaegerFormatOptions, 'contextKey' | 'baggagePrefix'>;

/** {@link createPropagator} for a kind of carrier (and custom Jaeger header names). @internal */
export function buildPropagator(
  names: readonly string[] | string,
  carrier: CarrierKind,
  jaeger: JaegerHeaderNames = {},
): TextMapPropagator {
  const list = toNameList(names);
  if (list === undefined) {
    reportMisuse(
      'propagator-name',
      '`propagators` was not a list of names; the global propagator is used',
    );
    return GLOBAL_PROPAGATION;
  }
  const unique = [...new Set(list.map((name) => safeString(name).trim().toLowerCase()))].filter(
    (name) => name !== '',
  );
  if (unique.includes('none')) return NO_PROPAGATION;
  const propagators: TextMapPropagator[] = [];
  const built: string[] = [];
  let baggageFormats = 0;
  for (const name of unique) {
    // Own names only: `constructor` or `__proto__` is an unknown format, not Object.prototype's.
    const factory = Object.hasOwn(FACTORIES, name)
      ? (FACTORIES[name as keyof typeof FACTORIES] as (
          carrier: CarrierKind,
          jaeger: JaegerHeaderNames,
        ) => TextMapPropagator | undefined)
      : undefined;
    if (factory === undefined) {
      reportMisuse('propagator-name', `unknown propagator "${name}" was skipped`);
      continue;
    }
    const propagator = factory(carrier, jaeger);
    if (propagator === undefined) continue;
    propagators.push(propagator);
    built.push(name);
    if (BAGGAGE_FORMATS.has(name)) baggageFormats++;
  }
  return new OrderedPropagators(propagators, baggageFormats, built);
}

/** A list of names from an array, or from comma-separated text; undefined for anything else. */
function toNameList(names: unknown): unknown[] | undefined {
  if (Array.isArray(names)) return names as unknown[];
  if (typeof names === 'string') return names.split(',');
  return undefined;
}

/** OpenTelemetry's global propagator, whatever it is when a call is made. */
const GLOBAL_PROPAGATION: TextMapPropagator = {
  inject: (otelContext, carrier, setter) => propagation.inject(otelContext, carrier, setter),
  extract: (otelContext, carrier, getter) => propagation.extract(otelContext, carrier, getter),
  fields: () => propagation.fields(),
};

/**
 * The propagator `OTEL_PROPAGATORS` asks for (a comma-separated list of {@link PropagatorName}s),
 * or `undefined` when the variable is unset or empty.
 * @internal
 */
export function propagatorFromEnvironment(
  carrier: CarrierKind = 'http-headers',
  environment: Readonly<Record<string, string | undefined>> | undefined = nodeProcess()?.env,
): TextMapPropagator | undefined {
  // Outside Node there is no environment: the `propagators` option or the global propagator.
  const value = environment?.OTEL_PROPAGATORS;
  if (value === undefined || value.trim() === '') return undefined;
  return buildPropagator(value.split(','), carrier);
}
