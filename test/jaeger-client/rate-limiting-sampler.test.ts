// RateLimitingSampler on a clock the test moves: Jest's fake timers stand in for
// performance.now(), so each credit's arrival is exact and nothing waits for real time.
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';
import { RateLimitingSampler } from '../../src/jaeger';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** One decision, asked through the SDK's Sampler interface, as the tracer provider asks it. */
function decide(sampler: Sampler): SamplingResult {
  return sampler.shouldSample(ROOT_CONTEXT, TRACE_ID, 'op', SpanKind.INTERNAL, {}, []);
}

/** How many of `count` decisions, taken at one instant, sample. */
function sampledOf(sampler: RateLimitingSampler, count: number): number {
  let sampled = 0;
  for (let i = 0; i < count; i++) {
    if (decide(sampler).decision === SamplingDecision.RECORD_AND_SAMPLED) sampled += 1;
  }
  return sampled;
}

describe('RateLimitingSampler', () => {
  it('the clock is the fake one (so the tests below are about the sampler)', () => {
    const before = performance.now();
    jest.advanceTimersByTime(1234);
    expect(performance.now() - before).toBe(1234);
  });

  it.each([
    [3, 3],
    [2.5, 2],
    [1, 1],
    [0.5, 1],
    [0, 1],
  ])('at %d a second, starts full: %d traces at once, then none', (rate, credits) => {
    const sampler = new RateLimitingSampler(rate);
    expect(sampledOf(sampler, credits)).toBe(credits);
    expect(sampledOf(sampler, 10)).toBe(0);
  });

  it('refills at the rate: at 2 a second, one credit every 500 ms', () => {
    const sampler = new RateLimitingSampler(2);
    expect(sampledOf(sampler, 2)).toBe(2);
    jest.advanceTimersByTime(250);
    expect(sampledOf(sampler, 1)).toBe(0);
    jest.advanceTimersByTime(250);
    expect(sampledOf(sampler, 2)).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(sampledOf(sampler, 5)).toBe(2);
  });

  it('below one a second, waits for a whole credit: at 0.5, one trace every 2 s', () => {
    const sampler = new RateLimitingSampler(0.5);
    expect(sampledOf(sampler, 1)).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(sampledOf(sampler, 1)).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(sampledOf(sampler, 3)).toBe(1);
  });

  it('never holds more than one second of credits (at least one), however long it was idle', () => {
    const sampler = new RateLimitingSampler(3);
    jest.advanceTimersByTime(60_000);
    expect(sampledOf(sampler, 10)).toBe(3);
    const slow = new RateLimitingSampler(0.25);
    jest.advanceTimersByTime(60_000);
    expect(sampledOf(slow, 10)).toBe(1);
  });

  it('a rate of 0, below or not finite samples the first trace only, ever', () => {
    for (const rate of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const sampler = new RateLimitingSampler(rate);
      expect(sampledOf(sampler, 3)).toBe(1);
      jest.advanceTimersByTime(60_000);
      expect(sampledOf(sampler, 3)).toBe(0);
    }
  });

  it("tags sampled traces with jaeger-client's sampler.type and sampler.param, and only those", () => {
    const sampler = new RateLimitingSampler(2);
    expect(decide(sampler)).toEqual({
      decision: SamplingDecision.RECORD_AND_SAMPLED,
      attributes: { 'sampler.type': 'ratelimiting', 'sampler.param': 2 },
    });
    decide(sampler);
    expect(decide(sampler)).toEqual({ decision: SamplingDecision.NOT_RECORD });
    expect(sampler.toString()).toBe('RateLimitingSampler(maxTracesPerSecond=2)');
  });
});
