// baggageEntries reads the API's own Baggage without copying it (its `_entries` Map): it must give
// exactly what getAllEntries gives, and fall back to getAllEntries for any other Baggage.
import type { Baggage, BaggageEntry } from '@opentelemetry/api';
import { baggageEntryMetadataFromString, propagation } from '@opentelemetry/api';
import fc from 'fast-check';
import { baggageEntries, isEmptyBaggage } from '../../src/internal/baggage';
import { quickExpect } from '../support/quick-expect';

const numRuns = Number(process.env.FC_RUNS ?? 1000);

it("gives the API Baggage's entries as getAllEntries does, after any setEntry/removeEntry", () => {
  const step = fc.oneof(
    fc.record({ set: fc.string(), value: fc.string(), metadata: fc.boolean() }),
    fc.record({ remove: fc.string() }),
  );
  fc.assert(
    fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
      let baggage = propagation.createBaggage();
      for (const change of steps) {
        if ('remove' in change) baggage = baggage.removeEntry(change.remove);
        else {
          const entry: BaggageEntry = { value: change.value };
          if (change.metadata) entry.metadata = baggageEntryMetadataFromString('p=1');
          baggage = baggage.setEntry(change.set, entry);
        }
      }
      quickExpect([...baggageEntries(baggage)]).toEqual(baggage.getAllEntries());
      quickExpect(isEmptyBaggage(baggage)).toBe(baggage.getAllEntries().length === 0);
      // The API's own implementation takes the path that copies nothing.
      quickExpect(baggageEntries(baggage)).toBeInstanceOf(Map);
    }),
    { numRuns },
  );
});

it('asks any other Baggage for its list', () => {
  const entries: [string, BaggageEntry][] = [['k', { value: 'v' }]];
  const foreign = { getAllEntries: () => entries } as unknown as Baggage;
  expect(baggageEntries(foreign)).toBe(entries);
  expect(isEmptyBaggage(foreign)).toBe(false);
  expect(isEmptyBaggage({ getAllEntries: () => [] } as unknown as Baggage)).toBe(true);
});
