// The tag tables in docs/semantic-conventions.md and MIGRATION.md must say what TAG_TRANSLATIONS
// does, row for row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TAG_TRANSLATIONS } from '../../src';

it.each(['docs/semantic-conventions.md', 'MIGRATION.md'])(
  '%s documents every row of the translation table',
  (file) => {
    const readme = readFileSync(join(__dirname, '..', '..', file), 'utf8');
    const table = readme.slice(
      readme.indexOf('<!-- tag-table:start -->'),
      readme.indexOf('<!-- tag-table:end -->'),
    );
    const rows = new Map(
      [...table.matchAll(/^\| `([^`]+)`\s*\| ([^|]+)\|/gm)].map(([, tag, otel]) => [
        tag,
        otel.trim(),
      ]),
    );
    expect([...rows.keys()].sort()).toEqual(Object.keys(TAG_TRANSLATIONS).sort());
    for (const [tag, translation] of Object.entries(TAG_TRANSLATIONS)) {
      const documented = rows.get(tag)!;
      const names = [translation.otel, translation.otelServerSide].filter(
        (name) => name !== undefined,
      );
      expect(documented).toBe(
        names.length === 0 ? '—' : names.map((name) => `\`${name}\``).join(' / '),
      );
    }
  },
);
