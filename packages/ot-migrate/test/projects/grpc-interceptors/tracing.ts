// The tracer the interceptors are given: the process's global tracer.
import type { Tracer } from 'opentracing';
import { globalTracer } from 'opentracing';

export const tracer: Tracer = globalTracer();
