// Values with and without types: an `any` is written as it is, with a TODO (it may be an object,
// which the bridge sent as JSON text and OpenTelemetry drops); a known object is held back.
import { globalTracer } from 'opentracing';

interface Job {
  id: string;
  attempts: number;
}

export function record(job: Job, payload: any, raw: unknown): void {
  const span = globalTracer().startSpan('job');
  span.setTag('job.id', job.id);
  span.log({ event: 'received', payload, attempts: job.attempts });
  span.setTag('job.raw', raw as string);
  span.finish();
}

export function run(): void {
  record({ id: 'j-1', attempts: 2 }, 'text payload', 'raw');
}
