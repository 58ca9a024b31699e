// The portable byte functions (what runs in browsers) against Node's Buffer, the reference they
// replace. FC_RUNS sets the number of runs (CI: 10,000).
import fc from 'fast-check';
import {
  portableDecodeUtf8,
  portableUtf8Length,
  toHex,
  writeHex,
  writeUtf8,
} from '../../src/internal/bytes';
import { quickExpect } from '../support/quick-expect';

const numRuns = Number(process.env.FC_RUNS ?? 1000);

// Any UTF-16 text, lone surrogates included, and short ASCII (the fast paths' case).
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 24 }),
  fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '\ud800', '\udc00', '\ufeff') }),
);

describe('portable UTF-8 and hex', () => {
  it('measures text as Buffer.byteLength does', () => {
    fc.assert(
      fc.property(text, (value) => {
        quickExpect(portableUtf8Length(value)).toBe(Buffer.byteLength(value, 'utf8'));
      }),
      { numRuns },
    );
  });

  it('writes text as Buffer.from does, at any offset', () => {
    fc.assert(
      fc.property(text, fc.nat(4), (value, offset) => {
        const size = portableUtf8Length(value);
        const into = new Uint8Array(offset + size + 2).fill(0xaa);
        writeUtf8(value, size, into, offset);
        quickExpect(Buffer.from(into.subarray(offset, offset + size))).toEqual(Buffer.from(value));
        // Nothing written outside the field.
        quickExpect([...into.subarray(0, offset), ...into.subarray(offset + size)]).toEqual(
          new Array<number>(offset + 2).fill(0xaa),
        );
      }),
      { numRuns },
    );
  });

  it('decodes any bytes as Buffer#toString does, BOM and invalid sequences included', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 48 }),
      text.map((value) => new Uint8Array(Buffer.from(value))),
      text.map((value) => new Uint8Array(Buffer.from(`\ufeff${value}`))),
    );
    fc.assert(
      fc.property(bytes, fc.nat(), fc.nat(), (value, a, b) => {
        const start = value.length === 0 ? 0 : a % value.length;
        const end = start + (value.length === 0 ? 0 : b % (value.length - start + 1));
        quickExpect(portableDecodeUtf8(value, start, end)).toBe(
          Buffer.from(value).toString('utf8', start, end),
        );
      }),
      { numRuns },
    );
  });

  it('reads and writes hex as Buffer does, either case in', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.boolean(), (value, upper) => {
        const hex = Buffer.from(value).toString('hex');
        quickExpect(toHex(value, 0, value.length)).toBe(hex);
        const into = new Uint8Array(value.length + 1);
        writeHex(upper ? hex.toUpperCase() : hex, into, 1);
        quickExpect([...into.subarray(1)]).toEqual([...value]);
      }),
      { numRuns },
    );
  });
});
