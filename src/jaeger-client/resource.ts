import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { StartNotes } from './start-notes';
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';

/**
 * The resource for a jaeger-client tracer: the SDK's defaults, `service.name`, `host.name` and
 * `service.instance.id` (what jaeger-client's `hostname` and `client-uuid` process tags said), and
 * the process tags (`options.tags`, or `JAEGER_TAGS` through `initTracerFromEnv`) under their own
 * names. `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` win, as in any OpenTelemetry SDK.
 * @internal
 */
export function jaegerResource(
  serviceName: string,
  tags: Record<string, unknown> | undefined,
  notes: StartNotes,
): Resource {
  const attributes: Attributes = {
    'service.name': serviceName,
    'host.name': hostname(),
    'service.instance.id': randomUUID(),
  };
  // The tags are the application's object: one that throws when read loses only what throws.
  let keys: string[] = [];
  try {
    keys = typeof tags === 'object' && tags !== null ? Object.keys(tags) : [];
  } catch {
    notes.cannotKeep('options.tags could not be listed: no process tag is kept');
  }
  for (const key of keys) {
    try {
      const attribute = toAttributeValue((tags as Record<string, unknown>)[key]);
      if (attribute !== undefined) attributes[key] = attribute;
    } catch {
      notes.cannotKeep(`options.tags.${key} could not be read: it is left out`);
    }
  }
  return defaultResource()
    .merge(resourceFromAttributes(attributes))
    .merge(detectResources({ detectors: [envDetector] }));
}

/** A tag value as an attribute: strings, numbers and booleans as they are, others as text. */
function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
