import type { Attributes } from '@opentelemetry/api';
import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';

/**
 * Jaeger's rate-limiting sampler as an OpenTelemetry root sampler: at most `maxTracesPerSecond`
 * traces a second, from a credit balance that refills continuously and holds at most one second's
 * worth (at least one trace), as jaeger-client's does. The balance starts full, as the Go client's
 * does (jaeger-client starts it at a random level). A sampled trace carries `sampler.type` and
 * `sampler.param`, as jaeger-client tags its root spans.
 */
export class RateLimitingSampler implements Sampler {
  private readonly _maxTracesPerSecond: number;
  private readonly _maxBalance: number;
  private readonly _sampledAttributes: Attributes;
  private _balance: number;
  private _lastTick: number;

  /** @param maxTracesPerSecond - the most traces sampled a second; negative counts as 0. */
  constructor(maxTracesPerSecond: number) {
    this._maxTracesPerSecond =
      Number.isFinite(maxTracesPerSecond) && maxTracesPerSecond > 0 ? maxTracesPerSecond : 0;
    this._maxBalance = Math.max(this._maxTracesPerSecond, 1);
    this._balance = this._maxBalance;
    this._lastTick = performance.now();
    this._sampledAttributes = {
      'sampler.type': 'ratelimiting',
      'sampler.param': this._maxTracesPerSecond,
    };
  }

  /** Samples when a credit is left. */
  shouldSample(): SamplingResult {
    const now = performance.now();
    this._balance = Math.min(
      this._maxBalance,
      this._balance + ((now - this._lastTick) / 1000) * this._maxTracesPerSecond,
    );
    this._lastTick = now;
    if (this._balance < 1) return { decision: SamplingDecision.NOT_RECORD };
    this._balance -= 1;
    return { decision: SamplingDecision.RECORD_AND_SAMPLED, attributes: this._sampledAttributes };
  }

  /** As jaeger-client names it. */
  toString(): string {
    return `RateLimitingSampler(maxTracesPerSecond=${this._maxTracesPerSecond})`;
  }
}
