// Assertions for the bodies of property checks, which run 10,000 times each in CI (FC_RUNS). Jest's
// expect() builds every matcher it has (hundreds of closures) and an Error with its stack trace on
// each call, about 45 µs: in a property body, most of the run. quickExpect(x) checks the value
// first, as the matcher would, and calls expect() only when that check fails, so a failure is still
// Jest's own, with its message and diff (and fast-check shrinks it as before).
import { isDeepStrictEqual } from 'node:util';

/** A class, for toBeInstanceOf. */
type Constructor = abstract new (...args: never[]) => unknown;

class QuickMatchers {
  constructor(private readonly actual: unknown) {}

  /** Object.is, as toBe compares. */
  toBe(expected: unknown): void {
    if (!Object.is(this.actual, expected)) expect(this.actual).toBe(expected);
  }

  /**
   * Deep strict equality implies toEqual's (which also ignores undefined properties and
   * prototypes): only values that are not deeply strictly equal go to toEqual, which decides.
   */
  toEqual(expected: unknown): void {
    if (!isDeepStrictEqual(this.actual, expected)) expect(this.actual).toEqual(expected);
  }

  /** A string the pattern matches (a fresh RegExp each time, as toMatch tests). */
  toMatch(pattern: RegExp): void {
    if (typeof this.actual !== 'string' || !new RegExp(pattern).test(this.actual))
      expect(this.actual).toMatch(pattern);
  }

  toBeInstanceOf(type: Constructor): void {
    if (!(this.actual instanceof type)) expect(this.actual).toBeInstanceOf(type);
  }

  toBeLessThanOrEqual(limit: number): void {
    if (!(typeof this.actual === 'number' && this.actual <= limit))
      expect(this.actual).toBeLessThanOrEqual(limit);
  }

  get not(): { toBeNull(): void; toThrow(): void } {
    const { actual } = this;
    return {
      toBeNull: () => {
        if (actual === null) expect(actual).not.toBeNull();
      },
      /** Calls the function; what it throws goes to expect(), which reports it. */
      toThrow: () => {
        try {
          (actual as () => unknown)();
        } catch (error) {
          expect(() => {
            throw error;
          }).not.toThrow();
        }
      },
    };
  }
}

/** `expect(actual)` for a property body: the matchers above, at the cost of the check alone. */
export function quickExpect(actual: unknown): QuickMatchers {
  return new QuickMatchers(actual);
}
