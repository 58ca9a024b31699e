import { ts } from '@ts-morph/common';
import {
  BOUNDARY_COMMENT,
  BOUNDARY_MARK,
  BRIDGE,
  INBOUND,
  LEGACY_CALLEE,
  OUTBOUND,
} from './boundary-adapters';
import type { BoundaryHost } from './boundary-state';
import { BoundaryState } from './boundary-state';
import { argumentField, isArgument } from './call-arguments';
import type { Crossing } from './crossing';
import { declaredType, declaresOpenTracing, parameterType } from './declared-types';
import { planExistingAdapters } from './existing-adapters';
import { convertImport } from './import-conversion';
import { convertPublicEntry } from './public-api-adapters';

// Boundary adapters (issue #13): where the only thing that keeps a file from moving is an
// OpenTracing object crossing to code outside the rewrite, the file moves anyway and one call of
// opentracing-otel-bridge converts at the crossing, marked `// ot-migrate: boundary`:
// - a public API that legacy callers hand a tracer or span (an exported function or class, no
//   caller among the paths): its signature keeps the OpenTracing type, and its entry converts
//   once (`otelTracerFrom`, `otelSpanFrom`);
// - a call to code that stays OpenTracing (a dependency, a file outside the paths) with a span or
//   span context: `legacySpanFrom(span)`, `legacySpanContextFrom(context)`.
// A later run removes a `legacySpanFrom`/`legacySpanContextFrom` whose callee is among the paths
// (it moves with the file then, or the file does not move); a public API's adapters stay.
//
// The plan answers the planner and writes the adapters at crossings the planner finds; whole
// concerns go to functions that share its record (boundary-state.ts): the adapters already there
// (existing-adapters.ts), the public API's entries (public-api-adapters.ts), and imported tracers
// (import-conversion.ts).

/**
 * The boundary adapters of one file: those it keeps, writes and removes, and the nodes whose
 * crossing they take care of (the planner's checks leave those alone). @internal
 */
export class BoundaryPlan {
  /** What the adapters record, shared with the functions that plan whole concerns. */
  private readonly state: BoundaryState;

  /** A plan for the file the host plans. */
  constructor(private readonly host: BoundaryHost) {
    this.state = new BoundaryState(host);
  }

  /** Adapters written by this run. */
  get written(): number {
    return this.state.written;
  }

  /**
   * Before the planner's checks: the adapters already there (kept or removed), and the entries of
   * the public API (their types kept, their tracer and span parameters converted).
   */
  prepare(): void {
    if (this.host.crossFile === undefined) return;
    planExistingAdapters(this.state);
    if (!this.hasImports()) return;
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined)
        convertPublicEntry(this.state, node);
      ts.forEachChild(node, visit);
    };
    visit(this.host.sourceFile);
  }

  /** Whether a type node is an OpenTracing type of a public signature: it stays. */
  keepsType(node: ts.Node): boolean {
    return this.state.keptTypes.has(node);
  }

  /** Whether an adapter converts a node's OpenTracing value: its crossing is taken care of. */
  accepts(node: ts.Node): boolean {
    return this.state.accepts(node);
  }

  /** Whether a declaration is of the public API: its signature keeps its OpenTracing types. */
  keepsSignature(declaration: ts.Node): boolean {
    return this.state.publicApi.has(declaration);
  }

  /**
   * A hard crossing the planner found: an OTel object going to legacy code as an argument gets an
   * adapter around it. True when it did.
   */
  adapt(node: ts.Node, kind: string, crossing: Crossing): boolean {
    if (!('hard' in crossing) || !LEGACY_CALLEE.test(crossing.hard) || !this.hasImports())
      return false;
    if (!ts.isExpression(node)) return false;
    // A tracer imported from code that stays OpenTracing (`import { tracer } from './tracing'`).
    if (kind === 'tracer' && ts.isIdentifier(node)) return convertImport(this.state, node);
    // A legacy span or tracer received back (`legacyHelper.start()`, a dependency's field).
    const inbound = INBOUND[kind];
    if (
      inbound !== undefined &&
      (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node)) &&
      !isArgument(node) &&
      this.comesFromLegacy(node) &&
      declaresOpenTracing(this.host.checker, declaredType(this.host.checker, node))
    ) {
      const type = this.host.checker.getTypeAtLocation(node);
      if (ts.isCallExpression(node)) this.state.convertedCalls.add(node);
      if (!mayBeMissing(type)) return this.state.wrap(node, inbound);
      // `ctx.span?.setTag(…)` with `span?: Span`: converted when it is there.
      if (isPlainRead(node) && (type.flags & ts.TypeFlags.Any) === 0)
        return this.state.wrapPresent(node, inbound);
    }
    const adapter = OUTBOUND[kind];
    if (adapter === undefined) return false;
    // `new Plugin({ tracer })`: a field of an options object the legacy callee declares.
    const field = argumentField(this.host.checker, node);
    if (field !== undefined) {
      if (!declaresOpenTracing(this.host.checker, field.type)) return false;
      if (!ts.isShorthandPropertyAssignment(field.property)) return this.state.wrap(node, adapter);
      const sourceFile = this.host.sourceFile;
      const name = field.property.name.text;
      const start = field.property.getStart(sourceFile);
      if (
        !this.host.addEdit(
          start,
          field.property.end,
          `${name}: ${this.state.adapterName(adapter)}(${name})`,
        )
      )
        return false;
      this.state.accepted.add(node);
      this.state.marked.add(sourceFile.getLineAndCharacterOfPosition(start).line);
      this.state.written++;
      return true;
    }
    if (!isArgument(node)) return false;
    // A generic callee (`storage.run(span, …)`) takes what this file's types say: OTel's after.
    if (!declaresOpenTracing(this.host.checker, parameterType(this.host.checker, node)))
      return false;
    return this.state.wrap(node, adapter);
  }

  /** After the planner's checks: the import of the adapters written, and their comments. */
  finish(): void {
    this.unmarkReplacedImports();
    if (this.state.imports.size === 0) return;
    const specifiers = [...this.state.imports]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, local]) => (name === local ? name : `${name} as ${local}`));
    const sourceFile = this.host.sourceFile;
    const imports = sourceFile.statements.filter(ts.isImportDeclaration);
    const last = imports[imports.length - 1];
    const starts = sourceFile.getLineStarts();
    const line = sourceFile.getLineAndCharacterOfPosition(last.end).line;
    const at = line + 1 < starts.length ? starts[line + 1] : sourceFile.text.length;
    const newline = at === sourceFile.text.length ? '\n' : '';
    const types = [...this.state.legacyTypes]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, local]) => (name === local ? name : `${name} as ${local}`));
    const typeImport =
      types.length === 0
        ? ''
        : `import type { ${types.join(', ')} } from 'opentracing'; ${BOUNDARY_COMMENT}\n`;
    const conversions = [...this.state.importedTracers.values()].join('');
    this.host.addEdit(
      at,
      at,
      `${newline}${typeImport}import { ${specifiers.join(', ')} } from '${BRIDGE}';\n${conversions}`,
    );
    for (const markedLine of this.state.marked) {
      const end = sourceFile.getLineEndOfPosition(starts[markedLine]);
      if (BOUNDARY_MARK.test(sourceFile.text.slice(starts[markedLine], end))) continue;
      this.host.addEdit(end, end, ` ${BOUNDARY_COMMENT}`);
    }
  }

  /**
   * The import of a public API's OpenTracing types, marked by an earlier run, that no kept type
   * needs any more (the rewrite replaces it): its mark goes too.
   */
  private unmarkReplacedImports(): void {
    const sourceFile = this.host.sourceFile;
    const text = sourceFile.text;
    for (const statement of sourceFile.statements) {
      if (
        !ts.isImportDeclaration(statement) ||
        !ts.isStringLiteral(statement.moduleSpecifier) ||
        statement.moduleSpecifier.text !== 'opentracing' ||
        this.state.keptImports.has(statement)
      )
        continue;
      const lineEnd = sourceFile.getLineEndOfPosition(statement.end);
      const mark = /^[^\S\r\n]*\/\/\s*ot-migrate:\s*boundary\b[^\r\n]*$/.exec(
        text.slice(statement.end, lineEnd),
      );
      if (mark !== null) this.host.addEdit(statement.end, lineEnd, '');
    }
  }

  /**
   * Whether a call or property read gets its value from code that stays OpenTracing (not only
   * hands it there): the crossing the planner found may be where the value goes.
   */
  private comesFromLegacy(node: ts.CallExpression | ts.PropertyAccessExpression): boolean {
    const index = this.host.crossFile?.index;
    if (index === undefined) return false;
    const source = ts.isCallExpression(node) ? index.callTarget(node) : index.propertySource(node);
    return 'hard' in index.towardsLegacy(source, this.host.sourceFile.fileName, '');
  }

  /** Whether an import of opentracing stays: the kept types of a public signature use it. */
  keepsImport(node: ts.Node): boolean {
    return this.state.keptImports.has(node);
  }

  private bridgeFound: boolean | undefined;

  /**
   * Only ES modules get adapters (their import is added with the others), and only where the
   * bridge is installed: without it, the TODO stays.
   */
  private hasImports(): boolean {
    const sourceFile = this.host.sourceFile;
    if (!sourceFile.statements.some(ts.isImportDeclaration)) return false;
    const program = this.host.crossFile?.index.program;
    if (program === undefined) return false;
    this.bridgeFound ??=
      ts.resolveModuleName(BRIDGE, sourceFile.fileName, program.getCompilerOptions(), ts.sys)
        .resolvedModule !== undefined;
    return this.bridgeFound;
  }
}

/** A value that may be `undefined` or `null`: the adapter would turn it into an invalid span. */
function mayBeMissing(type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.some(
    (member) =>
      (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Any)) !== 0,
  );
}

/** `a.b.c`, `this.x.y`: a read with no call in it, safe to read twice. */
function isPlainRead(node: ts.Expression): boolean {
  if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(node) && isPlainRead(node.expression);
}
