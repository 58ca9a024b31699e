// `tracer.inject(span, format, carrier)`: `propagation.inject` from the context the span's
// baggage is in.
import { ts } from '@ts-morph/common';
import type { Usage } from '../usages';
import type { FilePlanning } from '../planning';
import { renameUnusedTracer } from './unused-tracer';
import { staticString } from '../static-values';
import { baggageContextOf, spanExpression } from './span-values';

const TEXT_FORMATS = new Set([
  opentracingFormat('FORMAT_HTTP_HEADERS'),
  opentracingFormat('FORMAT_TEXT_MAP'),
]);

/** The value of one of opentracing's text formats. */
function opentracingFormat(name: 'FORMAT_HTTP_HEADERS' | 'FORMAT_TEXT_MAP'): string {
  return name === 'FORMAT_HTTP_HEADERS' ? 'http_headers' : 'text_map';
}

/** `tracer.inject(span, FORMAT_HTTP_HEADERS, carrier)` in a text format. */
export function planInject(plan: FilePlanning, usage: Usage): void {
  const call = usage.node as ts.CallExpression;
  const [spanNode, format, carrier] = call.arguments;
  if (
    spanNode === undefined ||
    format === undefined ||
    carrier === undefined ||
    !isTextFormat(plan, format)
  ) {
    return plan.block(
      call,
      'inject in a format other than HTTP headers or text map: rewrite by hand',
    );
  }
  if (!isPlainCarrier(plan, carrier)) {
    return plan.block(
      carrier,
      'a carrier that is not a plain object (Headers, Map, gRPC Metadata, a response): pass propagation.inject a TextMapSetter for it by hand',
    );
  }
  const span = spanExpression(plan, spanNode);
  if (span === undefined)
    return plan.block(spanNode, 'inject of something the codemod cannot follow');
  // The span's own start context when known: it holds the baggage the span carried (from an
  // extracted parent, say), which the active context may not.
  const base = baggageContextOf(plan, spanNode) ?? `${plan.use('context')}.active()`;
  renameUnusedTracer(plan, call);
  plan.replace(
    call,
    `${plan.use('propagation')}.inject(${plan.use('trace')}.setSpan(${base}, ${span}), ${plan.text(carrier)})`,
  );
}

/** Whether a format is HTTP headers or text map, which `propagation` writes and reads. */
export function isTextFormat(plan: FilePlanning, format: ts.Expression): boolean {
  const value = staticString(format, plan.checker);
  if (value === undefined || !TEXT_FORMATS.has(value)) return false;
  plan.handled.add(format);
  return true;
}

/**
 * Whether `propagation.inject`/`extract` can use a carrier with their default setter and getter,
 * which read and write its properties: a plain object (or an untyped value). A carrier with methods
 * (fetch `Headers`, a `Map`, gRPC `Metadata`, a response with `setHeader`) is one the bridge reads
 * and writes through those methods; the defaults would miss every header.
 */
export function isPlainCarrier(plan: FilePlanning, carrier: ts.Expression): boolean {
  const type = plan.checker.getNonNullableType(plan.checker.getTypeAtLocation(carrier));
  const members = type.isUnion() ? type.types : [type];
  return members.every(
    (member) =>
      (member.flags & ts.TypeFlags.Any) !== 0 ||
      ((member.flags & ts.TypeFlags.Object) !== 0 &&
        member
          .getProperties()
          .every(
            (property) =>
              plan.checker.getTypeOfSymbolAtLocation(property, carrier).getCallSignatures()
                .length === 0,
          )),
  );
}
