// The rewrite rules on input/output pairs: test/rules/<rule>/<case>.input.ts is rewritten (all pairs
// in one run, see RuleProject) and must give <case>.output.ts exactly, type-checked; an input with
// an exported `run()` must give the spans it gave through the bridge, baggage included (copied
// onto every span, so a comparison sees it wherever it travels).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BaggageToAttributesProcessor } from '../../../src';
import { setUpOtel } from '../../../test/support/otel';
import { RuleProject } from './support/rule-project';
import { BAGGAGE_ATTRIBUTES } from './support/run-project';

const otel = setUpOtel({ spanProcessors: [new BaggageToAttributesProcessor(BAGGAGE_ATTRIBUTES)] });
// Its test file runs other suites too (rules.test.ts, runs.test.ts): this SDK is installed for this one.
beforeAll(() => otel.install());
const project = new RuleProject();
beforeAll(() => project.run(), 120_000);
afterAll(() => project.dispose());

const root = join(__dirname, 'rules');
const INPUT = /^(.+)\.input\.([jt]s)$/;

describe.each(readdirSync(root).sort())('%s', (rule) => {
  const pairs = readdirSync(join(root, rule))
    .sort()
    .flatMap((file) => {
      const match = INPUT.exec(file);
      if (match === null) return [];
      const [, name, extension] = match;
      const input = readFileSync(join(root, rule, file), 'utf8');
      const output = readFileSync(join(root, rule, `${name}.output.${extension}`), 'utf8');
      const fileName = `${name}.${extension}`;
      const runs = /^export (async )?function run\(|^module\.exports = \{[^}]*\brun\b/m.test(input);
      const { result, spans } = runs
        ? project.addSpans(input, otel, fileName)
        : { result: project.add(input, { fileName, check: true }), spans: undefined };
      return [{ name, output, result, spans }];
    });

  it.each(pairs)('$name is rewritten as its output file shows, and type-checks', (pair) => {
    const { after, errors } = pair.result();
    expect(after).toBe(pair.output);
    expect(errors).toEqual([]);
  });

  const running = pairs.filter((pair) => pair.spans !== undefined);
  if (running.length > 0) {
    it.each(running)('$name gives the spans the bridge gave', async (pair) => {
      const { before, after, returnedBefore, returnedAfter } = await pair.spans!();
      expect(after).toEqual(before);
      expect(returnedAfter).toEqual(returnedBefore);
    });
  }
});
