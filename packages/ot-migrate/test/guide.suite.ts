// MIGRATION.md against the code of ot-migrate: every TODO the rewrite can write is in the guide's
// table with what to do, and the guide never runs the tool after uninstalling it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const root = join(__dirname, '..', '..', '..');
const guide = readFileSync(join(root, 'MIGRATION.md'), 'utf8');
/** The files whose `block(node, reason)` and `note(node, reason)` calls are the TODOs the rewrite writes. */
const PLANNER_FILES = [
  'packages/ot-migrate/src/planning.ts',
  // The whole-file checks.
  'packages/ot-migrate/src/data-flow-checks.ts',
  'packages/ot-migrate/src/flow-crossings.ts',
  'packages/ot-migrate/src/import-checks.ts',
  'packages/ot-migrate/src/export-checks.ts',
  'packages/ot-migrate/src/groups.ts',
  'packages/ot-migrate/src/existing-adapters.ts',
  // One file per rewrite rule.
  ...readdirSync(join(root, 'packages/ot-migrate/src/rules')).map(
    (file) => `packages/ot-migrate/src/rules/${file}`,
  ),
];

/** Each reason passed to `block` or `note`, with `…` where the code puts a value. */
function todoReasons(): string[] {
  const reasons = new Set<string>();
  for (const file of PLANNER_FILES) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(root, file), 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    );
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        (node.expression.name.text === 'block' || node.expression.name.text === 'note') &&
        !isReasonCall(node.arguments[1])
      ) {
        reasons.add(reasonText(node.arguments[1], file));
      }
      // crossOrBlock(state, node, kind, crossing, (detail) => `reason${detail}…`)
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'crossOrBlock'
      ) {
        const reason = node.arguments[node.arguments.length - 1];
        if (!ts.isArrowFunction(reason) || !ts.isExpression(reason.body))
          throw new Error(`${file}: a crossOrBlock reason that is not written out`);
        reasons.add(reasonText(reason.body, file));
      }
      // The TODO of a file held back by another of its group (groups.ts): `reason: \`moves with …\``.
      if (
        ts.isPropertyAssignment(node) &&
        ts.isIdentifier(node.name) &&
        node.name.text === 'reason' &&
        ts.isTemplateExpression(node.initializer)
      ) {
        reasons.add(reasonText(node.initializer, file));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...reasons].sort();
}

/** `reason(detail)` inside crossOrBlock: the reasons are written out at its callers. */
function isReasonCall(node: ts.Expression): boolean {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'reason'
  );
}

function reasonText(reason: ts.Expression, file: string): string {
  if (ts.isStringLiteral(reason) || ts.isNoSubstitutionTemplateLiteral(reason)) return reason.text;
  if (ts.isTemplateExpression(reason)) {
    return reason.head.text + reason.templateSpans.map((span) => `…${span.literal.text}`).join('');
  }
  // A reason computed elsewhere could not be checked against the guide.
  throw new Error(`${file}: a TODO reason that is not written out: ${reason.getText()}`);
}

/** The rows of the table under `| TODO says`: the start of a TODO, and what to do. */
function todoTable(): [string, string][] {
  const start = guide.indexOf('| TODO says');
  expect(start).toBeGreaterThan(0);
  const table = guide.slice(start, guide.indexOf('\n\n', start));
  return table
    .split('\n')
    .slice(2)
    .map((line) => {
      const [said, write] = line
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split(' | ')
        .map((cell) => cell.trim());
      return [said, write];
    });
}

it('explains every TODO the rewrite can write, with what to do', () => {
  const reasons = todoReasons();
  expect(reasons.length).toBeGreaterThan(30);
  const rows = todoTable();
  const unexplained = reasons.filter(
    (reason) => !rows.some(([said, write]) => reason.startsWith(said) && write !== ''),
  );
  expect(unexplained).toEqual([]);
  // And no row is left over from a TODO that no longer exists.
  const stale = rows.filter(([said]) => !reasons.some((reason) => reason.startsWith(said)));
  expect(stale).toEqual([]);
});

it('never runs ot-migrate after uninstalling it', () => {
  const commands = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) =>
    match[1].split('\n').map((line) => line.replace(/#.*$/, '').trim()),
  );
  let installed = true;
  const uninstalledRuns: string[] = [];
  for (const command of commands) {
    if (/^npm (uninstall|remove|rm)\b.*\bopentracing-otel-bridge\b/.test(command))
      installed = false;
    if (/^npm (install|i)\b.*\bopentracing-otel-bridge\b/.test(command)) installed = true;
    // Without the package, `npx ot-migrate` looks the name up on the registry and runs whatever is
    // published under it.
    if (/\bot-migrate\b/.test(command) && !installed) uninstalledRuns.push(command);
  }
  expect(commands.some((command) => command.includes('--max-remaining 0'))).toBe(true);
  expect(uninstalledRuns).toEqual([]);
});
