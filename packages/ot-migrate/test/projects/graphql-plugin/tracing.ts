// Where the service gets its tracer: whatever tracer the process registered globally.
import type { Tracer } from 'opentracing';
import { globalTracer } from 'opentracing';

export function serviceTracer(): Tracer {
  return globalTracer();
}
