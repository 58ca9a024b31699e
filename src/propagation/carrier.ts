import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { reportMisuse } from '../internal/report';

type Carrier = Record<string, unknown>;

/**
 * Reads text-map carriers for OpenTelemetry propagators. Only strings, and arrays of strings
 * (Node's incoming headers can repeat), are handed to the propagator: any other value, and any
 * carrier that throws when read, counts as absent. Propagators would otherwise fail on them and
 * log the failure on every request.
 * @internal
 */
export const carrierGetter: TextMapGetter<Carrier> = {
  get(carrier, key) {
    let value: unknown;
    try {
      value = carrier[key];
    } catch {
      reportUnreadable();
      return undefined;
    }
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      return value;
    }
    return undefined;
  },
  keys(carrier) {
    try {
      return Object.keys(carrier);
    } catch {
      reportUnreadable();
      return [];
    }
  },
};

/**
 * Writes text-map carriers for OpenTelemetry propagators. A carrier that refuses the write
 * (frozen, or a throwing setter) is reported once and otherwise left alone.
 * @internal
 */
export const carrierSetter: TextMapSetter<Carrier> = {
  set(carrier, key, value) {
    try {
      carrier[key] = value;
    } catch {
      reportMisuse('carrier', 'a carrier refused a write; the value was not written');
    }
  },
};

function reportUnreadable(): void {
  reportMisuse('carrier', 'a carrier threw when read; it was read as empty');
}
