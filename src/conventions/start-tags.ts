import type { AttributeValue, Attributes, SpanStatus } from '@opentelemetry/api';
import { SpanKind } from '../internal/otel-api';
import { Tags } from 'opentracing';
import { isOwnField, readProperty } from '../internal/read-property';
import { reportMisuse } from '../internal/report';
import { applyTag, type TagSink } from './apply-tag';
import { isPlainFieldSet } from './attribute-value';
import { toSpanKind } from './span-kind';
import type { SemanticConventionsMode } from './tag-translation';

/** What a span's start tags give: the attributes at creation, the kind and the status. @internal */
export interface StartTags {
  attributes: Attributes;
  kind: SpanKind;
  status: SpanStatus | undefined;
}

/**
 * Whether start tags can go to the SDK as they are, which {@link convertStartTags} would then
 * return unchanged: a plain field set ({@link isPlainFieldSet}, the rule log fields follow too)
 * without the tags the bridge interprets (`span.kind`, `error`).
 * @internal
 */
export function isPlainTagSet(tags: unknown): tags is Attributes {
  return isPlainFieldSet(tags, Tags.SPAN_KIND, Tags.ERROR);
}

/**
 * Converts start tags (the object's own enumerable properties, see {@link isOwnField}) into the
 * span's attributes, kind and status, each as {@link applyTag} says; an explicit `error` tag wins
 * over the status an HTTP status code implies. A tag that cannot be read is left out.
 * @internal
 */
export function convertStartTags(tags: object, mode: SemanticConventionsMode): StartTags {
  const sink = new StartTagSink();
  // Translated peer.* names depend on the kind, whichever order the tags come in.
  if (mode !== 'opentracing') sink.kind = kindTag(tags) ?? SpanKind.INTERNAL;
  try {
    for (const key in tags) {
      if (!isOwnField(tags, key)) continue;
      try {
        applyTag(sink, key, readProperty(tags, key), mode, sink.kind);
      } catch {
        // One tag that cannot be looked at costs that tag only, never the span and its trace.
        reportMisuse('unreadable-field', 'a start tag that could not be read was left out');
      }
    }
  } catch {
    // The tags object cannot be listed (a revoked Proxy): the span starts with the tags read so far.
    reportMisuse('unreadable-field', 'start tags that could not be read were left out');
  }
  return {
    attributes: sink.attributes,
    kind: sink.kind,
    status: sink.errorStatus ?? sink.httpStatus,
  };
}

/** The start options being built, as {@link applyTag} writes them. */
class StartTagSink implements TagSink {
  attributes: Attributes = {};
  kind: SpanKind = SpanKind.INTERNAL;
  errorStatus: SpanStatus | undefined = undefined;
  httpStatus: SpanStatus | undefined = undefined;

  setAttribute(key: string, value: AttributeValue): void {
    this.attributes[key] = value;
  }

  setAttributes(attributes: Attributes): void {
    Object.assign(this.attributes, attributes);
  }

  setStatus(status: SpanStatus, fromErrorTag?: boolean): void {
    if (fromErrorTag === true) this.errorStatus = status;
    else this.httpStatus = status;
  }

  setKind(kind: SpanKind): void {
    this.kind = kind;
  }
}

/** The kind an own `span.kind` tag gives, if any; nothing that throws gets out. */
function kindTag(tags: object): SpanKind | undefined {
  try {
    return isOwnField(tags, Tags.SPAN_KIND)
      ? toSpanKind(readProperty(tags, Tags.SPAN_KIND))
      : undefined;
  } catch {
    return undefined;
  }
}
