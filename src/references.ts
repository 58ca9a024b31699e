import type { Baggage, Link, SpanContext } from '@opentelemetry/api';
import { isSpanContextValid } from './internal/otel-api';
import * as opentracing from 'opentracing';
import { REFERENCE_CHILD_OF, REFERENCE_FOLLOWS_FROM } from 'opentracing';
import { toSpanContextShim } from './foreign-context';
import { reportMisuse } from './internal/report';
import { CHILD_OF_ATTRIBUTES, REF_TYPE_ATTRIBUTE } from './reference-links';
import { SpanContextShim } from './span-context';
import { EMPTY_BAGGAGE, baggageEntries } from './internal/baggage';

export { REF_TYPE_ATTRIBUTE };

/**
 * What a span's references resolve to, per the OpenTelemetry specification's OpenTracing
 * compatibility section.
 * @internal
 */
export class ResolvedReferences {
  /** The first valid ChildOf context, else the first valid FollowsFrom one. */
  parent: SpanContext | undefined = undefined;
  /** The reference shim that {@link parent} comes from. */
  parentShim: SpanContextShim | undefined = undefined;
  /** One link per reference with a valid span context, in reference order. */
  links: Link[] | undefined = undefined;
  /** The union of the references' baggage; the first value seen for a key wins. */
  baggage: Baggage = EMPTY_BAGGAGE;
  /** The debug flag of the parent's context. */
  debug = false;
  /** The first `jaeger-debug-id` of a reference without a valid span context. */
  debugId: string | undefined = undefined;
  /** Whether any reference resolved to a span context (valid ids or baggage only). */
  resolvedAny = false;
  private parentIsChildOf = false;

  /** Adds one reference; `type` is the OpenTracing reference type. */
  add(type: unknown, referenced: unknown): void {
    const shim = referencedContext(referenced);
    if (shim === undefined) {
      reportMisuse(
        'reference',
        'a reference to something that is not a span or span context was ignored',
      );
      return;
    }
    this.resolvedAny = true;
    this.mergeBaggage(shim.getBaggage());
    const spanContext = shim.getSpanContext();
    if (!isSpanContextValid(spanContext)) {
      this.debugId ??= shim.debugId();
      return;
    }
    const isChildOf = type === REFERENCE_CHILD_OF;
    if (!isChildOf && type !== REFERENCE_FOLLOWS_FROM) {
      reportMisuse('reference', `a reference of unknown type was kept as a link only`);
    }
    if (
      !this.parentIsChildOf &&
      (isChildOf || (this.parent === undefined && type === REFERENCE_FOLLOWS_FROM))
    ) {
      this.parent = spanContext;
      this.parentShim = shim;
      this.parentIsChildOf = isChildOf;
      this.debug = shim.isDebug();
    }
    // Links of the two standard types are made once per referenced context and shared.
    const link = isChildOf
      ? shim.childOfLinks()[0]
      : type === REFERENCE_FOLLOWS_FROM
        ? shim.followsFromLink()
        : {
            context: spanContext,
            attributes: { [REF_TYPE_ATTRIBUTE]: typeof type === 'string' ? type : 'unknown' },
          };
    (this.links ??= []).push(link);
  }

  /** The links, less the one to the parent when the parent is a ChildOf reference. */
  linksWithoutChildOfParent(): Link[] | undefined {
    if (this.links === undefined || !this.parentIsChildOf) return this.links;
    const index = this.links.findIndex(
      (link) => link.context === this.parent && link.attributes === CHILD_OF_ATTRIBUTES,
    );
    if (index === -1) return this.links;
    const rest = [...this.links.slice(0, index), ...this.links.slice(index + 1)];
    return rest.length === 0 ? undefined : rest;
  }

  private mergeBaggage(incoming: Baggage): void {
    if (incoming === EMPTY_BAGGAGE || incoming === this.baggage) return;
    if (this.baggage === EMPTY_BAGGAGE) {
      this.baggage = incoming;
      return;
    }
    let merged = this.baggage;
    for (const [key, entry] of baggageEntries(incoming)) {
      if (merged.getEntry(key) === undefined) merged = merged.setEntry(key, entry);
    }
    this.baggage = merged;
  }
}

function referencedContext(referenced: unknown): SpanContextShim | undefined {
  // Fast path for our own objects, which is what a bridged codebase passes almost always. A span
  // is known by OpenTracing's base class (ours extends it), so this module needs none of span.ts.
  if (referenced instanceof SpanContextShim) return referenced;
  if (referenced instanceof opentracing.Span) {
    const spanContext = referenced.context();
    if (spanContext instanceof SpanContextShim) return spanContext;
  }
  return toSpanContextShim(referenced);
}

interface ReferenceShape {
  type(): unknown;
  referencedContext(): unknown;
}

function isReference(value: unknown): value is ReferenceShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ReferenceShape).type === 'function' &&
    typeof (value as ReferenceShape).referencedContext === 'function'
  );
}

/**
 * Resolves `startSpan`'s `references` and `childOf` options. As in the `opentracing` base class,
 * `childOf` counts as a ChildOf reference placed after the `references` list. `null` and
 * `undefined` mean "none" (what `extract` returns for an empty carrier). Returns `undefined` when
 * there is no reference at all. References from any installed copy of `opentracing` are accepted.
 * @internal
 */
export function resolveReferences(
  references: unknown,
  childOf: unknown,
): ResolvedReferences | undefined {
  const hasList = Array.isArray(references) && references.length > 0;
  const hasChildOf = childOf !== undefined && childOf !== null;
  if (!hasList && !hasChildOf) {
    if (references !== undefined && references !== null && !Array.isArray(references)) {
      reportMisuse('reference', '`references` was not an array and was ignored');
    }
    return undefined;
  }
  const resolved = new ResolvedReferences();
  if (hasList) {
    for (const reference of references as unknown[]) {
      if (isReference(reference)) resolved.add(reference.type(), reference.referencedContext());
      else
        reportMisuse('reference', 'an entry of `references` that is not a Reference was ignored');
    }
  }
  if (hasChildOf) resolved.add(REFERENCE_CHILD_OF, childOf);
  return resolved;
}
