import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import * as opentracing from 'opentracing';
import { SamplingPrioritySampler, TracerShim } from '../../src';
import { setUpOtel } from '../support/otel';

const otel = setUpOtel({ sampler: new SamplingPrioritySampler(new AlwaysOffSampler()) });
const tracer = new TracerShim(otel.tracer);

beforeEach(() => otel.reset());

describe('SamplingPrioritySampler around a real SDK sampler', () => {
  it('records and samples a span whose sampling.priority is above 0, even when the delegate drops', () => {
    const span = tracer.startSpan('forced', { tags: { [opentracing.Tags.SAMPLING_PRIORITY]: 1 } });
    span.finish();
    expect(span.getSpan().isRecording()).toBe(false); // ended
    expect(otel.span('forced').spanContext().traceFlags & 1).toBe(1);
    expect(otel.span('forced').attributes['sampling.priority']).toBe(1);
  });

  it('leaves the decision to the delegate without the tag', () => {
    tracer.startSpan('unforced').finish();
    expect(otel.spans()).toHaveLength(0);
  });

  it('drops a span whose sampling.priority is 0, even when the delegate samples', () => {
    const keepAll = new SamplingPrioritySampler(new AlwaysOnSampler());
    const result = keepAll.shouldSample(
      {} as never,
      '0af7651916cd43dd8448eb211c80319c',
      'dropped',
      0,
      { 'sampling.priority': 0 },
      [],
    );
    expect(result.decision).toBe(0);
    expect(
      keepAll.shouldSample({} as never, '0af7651916cd43dd8448eb211c80319c', 'kept', 0, {}, [])
        .decision,
    ).toBe(2);
  });

  it('accepts a numeric string and ignores values that are not priorities', () => {
    const sampler = new SamplingPrioritySampler(new TraceIdRatioBasedSampler(0));
    const decide = (priority: unknown) =>
      sampler.shouldSample(
        {} as never,
        '0af7651916cd43dd8448eb211c80319c',
        's',
        0,
        { 'sampling.priority': priority as string },
        [],
      ).decision;
    expect(decide('1')).toBe(2);
    expect(decide('0')).toBe(0);
    expect(decide('high')).toBe(0); // the ratio-0 delegate decides
    expect(decide(-1)).toBe(0);
    expect(sampler.toString()).toBe('SamplingPrioritySampler{TraceIdRatioBased{0}}');
  });

  it('warns once that sampling.priority after start cannot change the decision', () => {
    const span = tracer.startSpan('late', { tags: { [opentracing.Tags.SAMPLING_PRIORITY]: 1 } });
    span
      .setTag(opentracing.Tags.SAMPLING_PRIORITY, 0)
      .setTag(opentracing.Tags.SAMPLING_PRIORITY, 0);
    span.finish();
    expect(otel.warnings.filter((w) => w.includes('sampling.priority'))).toHaveLength(1);
  });
});
