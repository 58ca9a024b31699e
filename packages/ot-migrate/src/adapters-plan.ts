import { ts } from '@ts-morph/common';
import type { CrossFile } from './cross-file';
import type { Crossing } from './crossing';
import { calledName, mentionsOpenTracing, openTracingObject } from './syntax';
import { isOpenTracingSymbol } from './usages';

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

/** The comment that marks an adapter call. */
export const BOUNDARY_COMMENT = '// ot-migrate: boundary';
export const BOUNDARY_MARK = /\/\/\s*ot-migrate:\s*boundary\b/;
const BRIDGE = 'opentracing-otel-bridge';

type AdapterName =
  | 'otelTracerFrom'
  | 'otelSpanFrom'
  | 'legacySpanFrom'
  | 'legacySpanContextFrom'
  | 'legacyTracerFrom'
  | 'contextWithSpan';
/** The bridge's adapters, by name. */
export const ADAPTERS: ReadonlySet<string> = new Set<AdapterName>([
  'otelTracerFrom',
  'otelSpanFrom',
  'legacySpanFrom',
  'legacySpanContextFrom',
  'legacyTracerFrom',
  'contextWithSpan',
]);

/** What an OpenTracing object coming in is converted with. */
const INBOUND: Partial<Record<string, AdapterName>> = {
  tracer: 'otelTracerFrom',
  span: 'otelSpanFrom',
};
/** The adapters of what comes in. */
const INBOUND_NAMES: Readonly<Record<string, true>> = { otelTracerFrom: true, otelSpanFrom: true };
/** What an OTel object going out to legacy code is converted with. */
const OUTBOUND: Partial<Record<string, AdapterName>> = {
  tracer: 'legacyTracerFrom',
  span: 'legacySpanFrom',
  spanContext: 'legacySpanContextFrom',
};

/** The crossings to legacy code an adapter may stand in: code the rewrite does not change. */
const PUBLIC_API =
  /is exported, and no other file among the paths uses it|is called only from files that stay OpenTracing/;
const LEGACY_CALLEE =
  /is a dependency's \(node_modules\)|is declared outside the paths given|, which stays OpenTracing$/;

/** What the adapters need of the planner. @internal */
export interface BoundaryHost {
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  readonly crossFile?: CrossFile;
  /** Adds an edit to the plan; false when it overlaps another. */
  addEdit(start: number, end: number, text: string): boolean;
  /** A name no identifier of the file has. */
  freshName(base: string): string;
  /** Records why the file cannot be rewritten. */
  block(node: ts.Node, reason: string): void;
}

/** Whether a file has adapter comments: a later run looks at it even without OpenTracing usages. */
export function hasBoundaryMarks(sourceFile: ts.SourceFile): boolean {
  return BOUNDARY_MARK.test(sourceFile.text);
}

/**
 * The boundary adapters of one file: those it keeps, writes and removes, and the nodes whose
 * crossing they take care of (the planner's checks leave those alone). @internal
 */
export class BoundaryPlan {
  /** OpenTracing type nodes of a public signature: they stay. */
  private readonly keptTypes = new Set<ts.Node>();
  /** Nodes whose OpenTracing value an adapter converts (the adapter calls, and their arguments). */
  private readonly accepted = new Set<ts.Node>();
  /** Exported declarations whose signature keeps its OpenTracing types. */
  private readonly publicApi = new Set<ts.Node>();
  /** Adapters written, by name, with the local name each is imported under. */
  private readonly imports = new Map<AdapterName, string>();
  /** OpenTracing types kept in public signatures, with their local names. */
  private readonly legacyTypes = new Map<string, string>();
  /** Imports of opentracing that kept types use (written by an earlier run). */
  private readonly keptImports = new Set<ts.Node>();
  /** Lines that get the comment. */
  private readonly marked = new Set<number>();
  /** Adapters written by this run. */
  written = 0;

  constructor(private readonly host: BoundaryHost) {}

  /**
   * Before the planner's checks: the adapters already there (kept or removed), and the entries of
   * the public API (their types kept, their tracer and span parameters converted).
   */
  prepare(): void {
    if (this.host.crossFile === undefined) return;
    this.existingAdapters();
    if (!this.hasImports()) return;
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) this.entry(node);
      ts.forEachChild(node, visit);
    };
    visit(this.host.sourceFile);
  }

  keepsType(node: ts.Node): boolean {
    return this.keptTypes.has(node);
  }

  accepts(node: ts.Node): boolean {
    for (let current: ts.Node | undefined = node; current !== undefined; current = current.parent) {
      // What a converted call is given is checked on its own: `otelSpanFrom(start(span))`.
      if (current !== node && this.convertedCalls.has(current)) return false;
      if (this.accepted.has(current)) return true;
      if (ts.isStatement(current)) return false;
    }
    return false;
  }

  keepsSignature(declaration: ts.Node): boolean {
    return this.publicApi.has(declaration);
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
    if (kind === 'tracer' && ts.isIdentifier(node)) return this.convertImport(node);
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
      if (ts.isCallExpression(node)) this.convertedCalls.add(node);
      if (!mayBeMissing(type)) return this.wrap(node, inbound);
      // `ctx.span?.setTag(…)` with `span?: Span`: converted when it is there.
      if (isPlainRead(node) && (type.flags & ts.TypeFlags.Any) === 0)
        return this.wrapPresent(node, inbound);
    }
    const adapter = OUTBOUND[kind];
    if (adapter === undefined) return false;
    // `new Plugin({ tracer })`: a field of an options object the legacy callee declares.
    const field = argumentField(this.host.checker, node);
    if (field !== undefined) {
      if (!declaresOpenTracing(this.host.checker, field.type)) return false;
      if (!ts.isShorthandPropertyAssignment(field.property)) return this.wrap(node, adapter);
      const sourceFile = this.host.sourceFile;
      const name = field.property.name.text;
      const start = field.property.getStart(sourceFile);
      if (
        !this.host.addEdit(
          start,
          field.property.end,
          `${name}: ${this.adapterName(adapter)}(${name})`,
        )
      )
        return false;
      this.accepted.add(node);
      this.marked.add(sourceFile.getLineAndCharacterOfPosition(start).line);
      this.written++;
      return true;
    }
    if (!isArgument(node)) return false;
    // A generic callee (`storage.run(span, …)`) takes what this file's types say: OTel's after.
    if (!declaresOpenTracing(this.host.checker, parameterType(this.host.checker, node)))
      return false;
    return this.wrap(node, adapter);
  }

  /** Calls whose result an inbound adapter converts: their arguments are not converted with it. */
  private readonly convertedCalls = new Set<ts.Node>();

  /** Imported tracers converted once: their import specifier, and the line that converts. */
  private readonly importedTracers = new Map<ts.ImportSpecifier, string>();

  /**
   * `import { tracer } from './tracing'` → `import { tracer as legacyTracer } from './tracing'`,
   * and `const tracer = otelTracerFrom(legacyTracer);` after the imports: every use in the file
   * gets the OpenTelemetry tracer. Only for a `const` the other module exports (a tracer that
   * does not change).
   */
  private convertImport(use: ts.Identifier): boolean {
    const checker = this.host.checker;
    const specifier = checker.getSymbolAtLocation(use)?.declarations?.[0];
    if (specifier === undefined || !ts.isImportSpecifier(specifier)) return false;
    if (specifier.isTypeOnly || specifier.parent.parent.isTypeOnly) return false;
    if (!this.importedTracers.has(specifier)) {
      const target = checker.getImmediateAliasedSymbol(
        checker.getSymbolAtLocation(specifier.name)!,
      );
      const declaration = target?.valueDeclaration;
      if (
        declaration === undefined ||
        !ts.isVariableDeclaration(declaration) ||
        (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) === 0
      )
        return false;
      const sourceFile = this.host.sourceFile;
      const local = specifier.name.text;
      const legacy = this.host.freshName(`legacy${local[0].toUpperCase()}${local.slice(1)}`);
      const imported = (specifier.propertyName ?? specifier.name).getText(sourceFile);
      if (
        !this.host.addEdit(
          specifier.getStart(sourceFile),
          specifier.end,
          `${imported} as ${legacy}`,
        )
      )
        return false;
      this.importedTracers.set(
        specifier,
        `const ${local} = ${this.adapterName('otelTracerFrom')}(${legacy}); ${BOUNDARY_COMMENT}\n`,
      );
      this.written++;
    }
    this.accepted.add(use);
    return true;
  }

  /** After the planner's checks: the import of the adapters written, and their comments. */
  finish(): void {
    this.unmarkReplacedImports();
    if (this.imports.size === 0) return;
    const specifiers = [...this.imports]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, local]) => (name === local ? name : `${name} as ${local}`));
    const sourceFile = this.host.sourceFile;
    const imports = sourceFile.statements.filter(ts.isImportDeclaration);
    const last = imports[imports.length - 1];
    const starts = sourceFile.getLineStarts();
    const line = sourceFile.getLineAndCharacterOfPosition(last.end).line;
    const at = line + 1 < starts.length ? starts[line + 1] : sourceFile.text.length;
    const newline = at === sourceFile.text.length ? '\n' : '';
    const types = [...this.legacyTypes]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, local]) => (name === local ? name : `${name} as ${local}`));
    const typeImport =
      types.length === 0
        ? ''
        : `import type { ${types.join(', ')} } from 'opentracing'; ${BOUNDARY_COMMENT}\n`;
    const conversions = [...this.importedTracers.values()].join('');
    this.host.addEdit(
      at,
      at,
      `${newline}${typeImport}import { ${specifiers.join(', ')} } from '${BRIDGE}';\n${conversions}`,
    );
    for (const markedLine of this.marked) {
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
        this.keptImports.has(statement)
      )
        continue;
      const lineEnd = sourceFile.getLineEndOfPosition(statement.end);
      const mark = /^[^\S\r\n]*\/\/\s*ot-migrate:\s*boundary\b[^\r\n]*$/.exec(
        text.slice(statement.end, lineEnd),
      );
      if (mark !== null) this.host.addEdit(statement.end, lineEnd, '');
    }
  }

  // ----- the adapters already there -----

  private existingAdapters(): void {
    const sourceFile = this.host.sourceFile;
    if (!hasBoundaryMarks(sourceFile)) return;
    const lines = sourceFile.text.split(/\r\n?|\n/);
    const removed = new Map<number, number>();
    const perLine = new Map<number, number>();
    const removedNames = new Map<string, number>();
    const uses = new Map<string, number>();
    const visit = (node: ts.Node): void => {
      const name = ts.isCallExpression(node) ? adapterName(node) : undefined;
      if (name !== undefined && ts.isCallExpression(node)) {
        const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line;
        const imported =
          name === 'otelTracerFrom' ? importConversion(this.host.checker, node) : undefined;
        if (imported !== undefined && BOUNDARY_MARK.test(lines[line])) {
          uses.set(name, (uses.get(name) ?? 0) + 1);
          if (this.importMovesToo(imported.specifier)) {
            this.removeImportConversion(imported);
            removedNames.set(name, (removedNames.get(name) ?? 0) + 1);
          } else {
            this.accepted.add(node);
          }
        } else if (
          BOUNDARY_MARK.test(lines[line]) ||
          (line > 0 && BOUNDARY_MARK.test(lines[line - 1]))
        ) {
          uses.set(name, (uses.get(name) ?? 0) + 1);
          perLine.set(line, (perLine.get(line) ?? 0) + 1);
          const unwrapped = this.removable(node, name) ? 'call' : this.unwrapEntry(node, name);
          if (unwrapped === 'call') {
            this.host.addEdit(...this.removal(node));
            this.accepted.add(node);
            removed.set(line, (removed.get(line) ?? 0) + 1);
            removedNames.set(name, (removedNames.get(name) ?? 0) + 1);
          } else if (unwrapped === 'line') {
            removedNames.set(name, (removedNames.get(name) ?? 0) + 1);
          } else {
            this.keep(node, name);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    // The comment goes with the last adapter of its line.
    for (const [line, count] of removed) {
      if (count !== perLine.get(line)) continue;
      const start = sourceFile.getLineStarts()[line];
      const text = lines[line];
      const mark = /[^\S\r\n]*\/\/\s*ot-migrate:\s*boundary\b.*$/.exec(text);
      if (mark !== null) this.host.addEdit(start + mark.index, start + text.length, '');
    }
    const gone = [...removedNames].filter(([name, count]) => uses.get(name) === count);
    if (gone.length > 0) this.removeImports(new Set(gone.map(([name]) => name)));
  }

  /**
   * Whether the file an imported tracer comes from moves with this one now (it is among the paths
   * and does not stay OpenTracing): the conversion goes, and the two files move together.
   */
  private importMovesToo(specifier: ts.ImportSpecifier): boolean {
    const index = this.host.crossFile?.index;
    if (index === undefined) return false;
    const target = index.target(this.host.checker.getSymbolAtLocation(specifier.name));
    const file = (target?.valueDeclaration ?? target?.declarations?.[0])?.getSourceFile().fileName;
    if (file === undefined || !index.isSource(file) || index.staysLegacy(file)) return false;
    this.host.crossFile?.peer(specifier.name, [file]);
    return true;
  }

  /** `const tracer = otelTracerFrom(legacyTracer);` goes, and the import gives `tracer` again. */
  private removeImportConversion({ statement, specifier, local }: ImportConversion): void {
    const sourceFile = this.host.sourceFile;
    const imported = (specifier.propertyName ?? specifier.name).getText(sourceFile);
    this.host.addEdit(
      specifier.getStart(sourceFile),
      specifier.end,
      imported === local ? local : `${imported} as ${local}`,
    );
    const start = statement.getStart(sourceFile);
    const lineStart =
      sourceFile.getLineStarts()[sourceFile.getLineAndCharacterOfPosition(start).line];
    const newline = sourceFile.text.indexOf('\n', statement.end);
    this.host.addEdit(lineStart, newline === -1 ? sourceFile.text.length : newline + 1, '');
    this.accepted.add(statement);
  }

  /** An outbound adapter whose callee is code of the rewrite: it moves with this file, or this file does not move. */
  private removable(call: ts.CallExpression, name: string): boolean {
    if (call.arguments.length !== 1) return false;
    const [argument] = call.arguments;
    const index = this.host.crossFile?.index;
    if (index === undefined) return false;
    // The other side: the call the adapter's value goes to, or the call or field it converts.
    const outbound =
      name === 'legacySpanFrom' || name === 'legacySpanContextFrom' || name === 'legacyTracerFrom';
    const outer = outbound ? (argumentOf(call) ?? optionsCallOf(call)) : undefined;
    const other =
      outer !== undefined
        ? index.callTarget(outer)
        : !outbound && ts.isCallExpression(argument)
          ? index.callTarget(argument)
          : !outbound && ts.isPropertyAccessExpression(argument)
            ? index.propertySource(argument)
            : undefined;
    if (other === undefined) return false;
    // A side that stays OpenTracing keeps its adapter; one that moves moves with this file.
    const target = index.towardsLegacy(other, this.host.sourceFile.fileName, '');
    if (!('peers' in target) || target.peers.length === 0) return false;
    this.host.crossFile?.peer(call, target.peers);
    return true;
  }

  /** The text that replaces a removed adapter: its argument (`(x && otelSpanFrom(x))` → `x`). */
  private removal(call: ts.CallExpression): [number, number, string] {
    const sourceFile = this.host.sourceFile;
    const argument = call.arguments[0].getText(sourceFile);
    const guard = call.parent;
    const outer = guard.parent;
    if (
      ts.isBinaryExpression(guard) &&
      guard.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
      guard.right === call &&
      guard.left.getText(sourceFile) === argument &&
      ts.isParenthesizedExpression(outer)
    )
      return [outer.getStart(sourceFile), outer.end, argument];
    return [call.getStart(sourceFile), call.end, argument];
  }

  /**
   * The entry adapter of a function whose callers are among the paths and move with this file (an
   * earlier run wrote it while they stayed OpenTracing): it goes, and the parameter gets its name
   * back and OpenTelemetry's type (`legacySpan: LegacySpan` and `const span =
   * otelSpanFrom(legacySpan)` → `span: Span`): `line`, the converting statement gone. False when
   * the adapter stays (a field of an options object's stays too: the file is held back instead).
   */
  private unwrapEntry(call: ts.CallExpression, name: string): 'line' | false {
    const index = this.host.crossFile?.index;
    const [argument] = call.arguments;
    if (index === undefined || argument === undefined || !(name in INBOUND_NAMES)) return false;
    const checker = this.host.checker;
    const sourceFile = this.host.sourceFile;
    const declaration = checker.getSymbolAtLocation(
      ts.isPropertyAccessExpression(argument) ? argument.name : argument,
    )?.valueDeclaration;
    const owner = ts.isPropertyAccessExpression(argument)
      ? checker.getSymbolAtLocation(argument.expression)?.valueDeclaration
      : declaration;
    if (
      declaration === undefined ||
      declaration.getSourceFile() !== sourceFile ||
      owner === undefined ||
      !ts.isParameter(owner) ||
      !ts.isFunctionLike(owner.parent)
    )
      return false;
    const users = index.functionUsers(owner.parent);
    if (!('peers' in users) || users.peers.length === 0) return false;
    // A field of an options object: its interface may serve functions that keep their adapters.
    if (ts.isPropertyAccessExpression(argument)) return false;
    this.host.crossFile?.peer(call, users.peers);
    // `const span = otelSpanFrom(legacySpan);` or `const parent = legacyParent && otelSpanFrom(legacyParent);`
    const guard = call.parent;
    const value =
      ts.isBinaryExpression(guard) && guard.right === call && ts.isIdentifier(guard.left)
        ? guard
        : call;
    const variable = value.parent;
    const statement = variable.parent?.parent;
    if (
      !ts.isParameter(declaration) ||
      !ts.isIdentifier(declaration.name) ||
      !ts.isVariableDeclaration(variable) ||
      variable.initializer !== value ||
      !ts.isIdentifier(variable.name) ||
      statement === undefined ||
      !ts.isVariableStatement(statement) ||
      statement.declarationList.declarations.length !== 1
    )
      return false;
    // The legacy parameter must serve the adapter alone.
    const parameter = checker.getSymbolAtLocation(declaration.name);
    let others = 0;
    const count = (node: ts.Node): void => {
      if (
        ts.isIdentifier(node) &&
        node !== declaration.name &&
        checker.getSymbolAtLocation(node) === parameter &&
        !(node.pos >= value.pos && node.end <= value.end)
      )
        others++;
      ts.forEachChild(node, count);
    };
    count(owner.parent);
    if (others > 0) return false;
    // The statement goes with its comment, and with its line when it has one of its own.
    const text = sourceFile.text;
    const statementStart = statement.getStart(sourceFile);
    const lineStart =
      sourceFile.getLineStarts()[sourceFile.getLineAndCharacterOfPosition(statementStart).line];
    const newline = text.indexOf('\n', statement.end);
    const lineEnd = newline === -1 ? text.length : newline;
    if (
      !/^[^\S\r\n]*(\/\/\s*ot-migrate:\s*boundary\b[^\r\n]*)?\r?$/.test(
        text.slice(statement.end, lineEnd),
      )
    )
      return false;
    const start = /^[^\S\r\n]*$/.test(text.slice(lineStart, statementStart))
      ? lineStart
      : statementStart;
    if (
      !this.host.addEdit(start, newline === -1 ? lineEnd : newline + 1, '') ||
      !this.host.addEdit(
        declaration.name.getStart(sourceFile),
        declaration.name.end,
        variable.name.text,
      )
    )
      return false;
    this.accepted.add(statement);
    this.accepted.add(declaration);
    return 'line';
  }

  /** An adapter that stays: its argument is taken care of, and a public API's types are kept. */
  private keep(call: ts.CallExpression, name: string): void {
    this.accepted.add(call);
    // `(x && otelSpanFrom(x))`: the guard's `x` is the adapter's too.
    const [start] = this.removal(call);
    if (start !== call.getStart(this.host.sourceFile)) this.accepted.add(call.parent.parent);
    const [argument] = call.arguments;
    // Only what comes in may be a public API's parameter (`legacySpanFrom(span)` hands one on).
    if (argument === undefined || !(name in INBOUND_NAMES)) return;
    const checker = this.host.checker;
    const symbol = checker.getSymbolAtLocation(
      ts.isPropertyAccessExpression(argument) ? argument.name : argument,
    );
    const declaration = symbol?.valueDeclaration;
    if (declaration === undefined || declaration.getSourceFile() !== this.host.sourceFile) return;
    if (
      (ts.isParameter(declaration) || ts.isPropertySignature(declaration)) &&
      declaration.type !== undefined
    ) {
      this.keepTypes(declaration.type, false);
      if (ts.isParameter(declaration)) this.accepted.add(declaration);
      const owner = ts.isPropertyAccessExpression(argument)
        ? checker.getSymbolAtLocation(argument.expression)?.valueDeclaration
        : declaration;
      if (owner === undefined || !ts.isParameter(owner)) return;
      this.markPublic(owner.parent);
      // Callers among the paths would be rewritten to hand it OpenTelemetry objects.
      const users = this.host.crossFile?.index.functionUsers(owner.parent);
      if (users !== undefined && 'peers' in users && users.peers.length > 0) {
        this.host.block(
          call,
          'a boundary adapter of a public API whose callers are among the paths now: remove it and give the parameter the OpenTelemetry type by hand, or leave the callers out',
        );
      }
    }
  }

  /** Removes adapters no longer used from the import of the bridge. */
  private removeImports(names: ReadonlySet<string>): void {
    const sourceFile = this.host.sourceFile;
    for (const statement of sourceFile.statements) {
      if (
        !ts.isImportDeclaration(statement) ||
        !ts.isStringLiteral(statement.moduleSpecifier) ||
        statement.moduleSpecifier.text !== BRIDGE
      )
        continue;
      const bindings = statement.importClause?.namedBindings;
      if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
      const left = bindings.elements.filter(
        (element) => !names.has((element.propertyName ?? element.name).text),
      );
      if (left.length === bindings.elements.length) continue;
      if (left.length === 0 && statement.importClause?.name === undefined) {
        const start = statement.getStart(sourceFile);
        const newline = sourceFile.text.indexOf('\n', statement.end);
        this.host.addEdit(start, newline === -1 ? statement.end : newline + 1, '');
      } else {
        this.host.addEdit(
          bindings.getStart(sourceFile),
          bindings.end,
          `{ ${left.map((element) => element.getText(sourceFile)).join(', ')} }`,
        );
      }
    }
  }

  // ----- the public API -----

  /**
   * A function or constructor other code calls (exported, no caller among the paths): its tracer
   * and span parameters, and the tracer and span fields of its options objects, are converted at
   * the entry.
   */
  private entry(fn: ts.SignatureDeclaration & { body?: ts.Node }): void {
    const index = this.host.crossFile?.index;
    if (index === undefined || fn.body === undefined || !ts.isBlock(fn.body)) return;
    const checker = this.host.checker;
    // The question of who calls it is asked only of functions that take OpenTracing objects.
    const takesOpenTracing = fn.parameters.some((parameter) => {
      if (parameter.type === undefined) return false;
      const type = checker.getTypeAtLocation(parameter.type);
      // The object itself, or an options object with one in a field.
      return (
        mentionsOpenTracing(checker, type) ||
        type
          .getProperties()
          .some(
            (property) =>
              openTracingObject(checker, checker.getTypeOfSymbolAtLocation(property, parameter)) !==
              undefined,
          )
      );
    });
    if (!takesOpenTracing) return;
    const users = index.functionUsers(fn);
    if (!('hard' in users) || !PUBLIC_API.test(users.hard)) return;
    for (const parameter of fn.parameters) {
      if (!ts.isIdentifier(parameter.name) || parameter.type === undefined) continue;
      // A default value is OpenTracing code of the signature itself.
      if (ts.isParameterPropertyDeclaration(parameter, parameter.parent) || parameter.initializer)
        continue;
      if (this.isConverted(parameter)) continue;
      const type = checker.getTypeAtLocation(parameter.name);
      const kind = openTracingObject(checker, type);
      const adapter = kind === undefined ? undefined : INBOUND[kind];
      if (adapter !== undefined && isPlainType(parameter.type, true)) {
        this.convertParameter(fn.body, parameter, parameter.name, adapter);
        this.markPublic(fn);
      } else if (kind === undefined) {
        this.convertFields(fn.body, parameter, parameter.name);
      }
    }
  }

  /** Whether a parameter is already converted (a kept adapter takes it). */
  private isConverted(parameter: ts.ParameterDeclaration): boolean {
    return [...this.accepted].some(
      (call) =>
        ts.isCallExpression(call) &&
        call.arguments.some(
          (argument) =>
            this.host.checker.getSymbolAtLocation(argument)?.valueDeclaration === parameter,
        ),
    );
  }

  /** `tracer: Tracer` → `legacyTracer: Tracer`, and `const tracer = otelTracerFrom(legacyTracer);` first. */
  private convertParameter(
    body: ts.Block,
    parameter: ts.ParameterDeclaration,
    name: ts.Identifier,
    adapter: AdapterName,
  ): void {
    const sourceFile = this.host.sourceFile;
    const legacy = this.parameterName(parameter.parent, name.text);
    if (!this.host.addEdit(name.getStart(sourceFile), name.end, legacy)) return;
    this.keepTypes(parameter.type as ts.TypeNode, true);
    const first = body.statements[0];
    const at = first === undefined ? body.end - 1 : first.getStart(sourceFile, true);
    const indent = first === undefined ? '  ' : lineIndentOf(sourceFile, at);
    // A parameter that may be missing stays missing: no parent, as before.
    const optional = parameter.questionToken !== undefined || ts.isUnionTypeNode(parameter.type!);
    const value = `${optional ? `${legacy} && ` : ''}${this.adapterName(adapter)}(${legacy})`;
    const text = `const ${name.text} = ${value}; ${BOUNDARY_COMMENT}\n${indent}`;
    this.host.addEdit(at, at, first === undefined ? `\n${indent}${text}` : text);
    this.accepted.add(parameter);
    this.written++;
  }

  /** `options.tracer` read in the body, `options` typed by an interface of this file. */
  private convertFields(
    body: ts.Block,
    parameter: ts.ParameterDeclaration,
    name: ts.Identifier,
  ): void {
    const checker = this.host.checker;
    const symbol = checker.getSymbolAtLocation(name);
    const reads: {
      access: ts.PropertyAccessExpression;
      adapter: AdapterName;
      field: ts.PropertySignature;
    }[] = [];
    const visit = (node: ts.Node): void => {
      if (
        ts.isPropertyAccessExpression(node) &&
        ts.isIdentifier(node.expression) &&
        checker.getSymbolAtLocation(node.expression) === symbol
      ) {
        const field = checker.getSymbolAtLocation(node.name)?.valueDeclaration;
        const kind = openTracingObject(checker, checker.getTypeAtLocation(node));
        const adapter = kind === undefined ? undefined : INBOUND[kind];
        if (
          adapter !== undefined &&
          !this.accepts(node) &&
          field !== undefined &&
          ts.isPropertySignature(field) &&
          field.type !== undefined &&
          field.questionToken === undefined &&
          isPlainType(field.type, false) &&
          field.getSourceFile() === this.host.sourceFile
        )
          reads.push({ access: node, adapter, field });
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    for (const { access, adapter, field } of reads) {
      if (!this.wrap(access, adapter)) continue;
      this.keepTypes(field.type as ts.TypeNode, true);
      this.markPublic(parameter.parent);
    }
  }

  // ----- helpers -----

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

  /** `value` → `(value && adapter(value))`, its line marked: for a value that may be missing. */
  private wrapPresent(node: ts.Expression, adapter: AdapterName): boolean {
    const sourceFile = this.host.sourceFile;
    const start = node.getStart(sourceFile);
    const text = node.getText(sourceFile);
    if (!this.host.addEdit(start, node.end, `(${text} && ${this.adapterName(adapter)}(${text}))`))
      return false;
    this.accepted.add(node);
    this.marked.add(sourceFile.getLineAndCharacterOfPosition(start).line);
    this.written++;
    return true;
  }

  /** `value` → `adapter(value)`, its line marked. */
  private wrap(node: ts.Expression, adapter: AdapterName): boolean {
    const sourceFile = this.host.sourceFile;
    const start = node.getStart(sourceFile);
    const local = this.adapterName(adapter);
    if (!this.host.addEdit(start, start, `${local}(`)) return false;
    this.host.addEdit(node.end, node.end, ')');
    this.accepted.add(node);
    this.marked.add(sourceFile.getLineAndCharacterOfPosition(start).line);
    this.written++;
    return true;
  }

  /** Names of the file, and those given to parameters by function. */
  private fileNames: Set<string> | undefined;
  private readonly parameterNames = new Map<ts.Node, Set<string>>();

  /**
   * `legacyTracer` for `tracer`: a name no identifier of the file has, nor another parameter of
   * the function (the planner's made-up names do not start with `legacy`).
   */
  private parameterName(fn: ts.Node, base: string): string {
    if (this.fileNames === undefined) {
      const names = new Set<string>();
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) names.add(node.text);
        ts.forEachChild(node, visit);
      };
      visit(this.host.sourceFile);
      this.fileNames = names;
    }
    const taken = this.parameterNames.get(fn) ?? new Set<string>();
    this.parameterNames.set(fn, taken);
    const legacy = `legacy${base[0].toUpperCase()}${base.slice(1)}`;
    let name = legacy;
    for (let n = 2; this.fileNames.has(name) || taken.has(name); n++) name = `${legacy}${n}`;
    taken.add(name);
    return name;
  }

  private adapterName(adapter: AdapterName): string {
    let local = this.imports.get(adapter);
    if (local === undefined) {
      local = this.host.freshName(adapter);
      this.imports.set(adapter, local);
    }
    return local;
  }

  /**
   * The OpenTracing types in a type node stay: `Tracer` becomes `LegacyTracer`, imported as a type
   * from opentracing (the file's own import of opentracing goes with the rewrite); `rename` false
   * for those an earlier run wrote, whose import stays.
   */
  private keepTypes(type: ts.TypeNode, rename: boolean): void {
    const sourceFile = this.host.sourceFile;
    const checker = this.host.checker;
    const visit = (node: ts.Node): void => {
      if (ts.isImportTypeNode(node)) this.keptTypes.add(node);
      if (ts.isTypeReferenceNode(node)) {
        this.keptTypes.add(node);
        const name = ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName;
        const symbol = checker.getSymbolAtLocation(name);
        if (!rename) {
          // Already kept by an earlier run: its import stays too.
          const declaration = symbol?.declarations?.[0];
          if (declaration !== undefined && ts.isImportSpecifier(declaration))
            this.keptImports.add(declaration.parent.parent.parent);
        } else if (isOpenTracingSymbol(checker, symbol)) {
          const args = node.typeArguments?.map((argument) => argument.getText(sourceFile));
          this.host.addEdit(
            node.getStart(sourceFile),
            node.end,
            `${this.legacyTypeName(name.text)}${args === undefined ? '' : `<${args.join(', ')}>`}`,
          );
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(type);
  }

  /** The local name of an OpenTracing type kept in a public signature: `LegacyTracer`. */
  private legacyTypeName(name: string): string {
    let local = this.legacyTypes.get(name);
    if (local === undefined) {
      local = this.host.freshName(`Legacy${name}`);
      this.legacyTypes.set(name, local);
    }
    return local;
  }

  /** Whether an import of opentracing stays: the kept types of a public signature use it. */
  keepsImport(node: ts.Node): boolean {
    return this.keptImports.has(node);
  }

  private markPublic(fn: ts.Node): void {
    const declaration = ts.isConstructorDeclaration(fn) ? fn.parent : fn;
    this.publicApi.add(declaration);
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
      const variable = fn.parent;
      if (ts.isVariableDeclaration(variable)) this.publicApi.add(variable);
    }
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

/** A tracer imported from code that stayed OpenTracing, converted once after the imports. */
interface ImportConversion {
  statement: ts.VariableStatement;
  specifier: ts.ImportSpecifier;
  /** The name the file uses: `tracer` in `const tracer = otelTracerFrom(legacyTracer)`. */
  local: string;
}

/** `const tracer = otelTracerFrom(legacyTracer);` at the top of a file, `legacyTracer` imported. */
function importConversion(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): ImportConversion | undefined {
  const [argument] = call.arguments;
  const declaration = call.parent;
  if (
    argument === undefined ||
    !ts.isIdentifier(argument) ||
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer !== call ||
    !ts.isIdentifier(declaration.name)
  )
    return undefined;
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement) || !ts.isSourceFile(statement.parent)) return undefined;
  const specifier = checker.getSymbolAtLocation(argument)?.declarations?.[0];
  if (specifier === undefined || !ts.isImportSpecifier(specifier)) return undefined;
  return { statement, specifier, local: declaration.name.text };
}

function adapterName(call: ts.CallExpression): string | undefined {
  const name = calledName(call);
  return ADAPTERS.has(name) ? name : undefined;
}

/** A type an adapter takes as it is: `Tracer`, `opentracing.Span`; `Span | undefined` for a parameter. */
function isPlainType(type: ts.TypeNode, orMissing: boolean): boolean {
  if (orMissing && ts.isUnionTypeNode(type)) {
    const missing = (member: ts.TypeNode) =>
      member.kind === ts.SyntaxKind.UndefinedKeyword ||
      (ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword);
    const present = type.types.filter((member) => !missing(member));
    return present.length === 1 && isPlainType(present[0], false);
  }
  return ts.isTypeReferenceNode(type) || ts.isImportTypeNode(type);
}

/**
 * The type the callee declares for the parameter an argument goes to, as written there (a type
 * parameter stays one).
 */
function parameterType(checker: ts.TypeChecker, argument: ts.Expression): ts.TypeNode | undefined {
  const call = argumentOf(argument);
  const declaration = call && checker.getResolvedSignature(call)?.declaration;
  if (declaration === undefined || ts.isJSDocSignature(declaration)) return undefined;
  const position = call!.arguments!.indexOf(argument);
  const parameters = declaration.parameters;
  const parameter =
    parameters[position] ??
    (parameters.length > 0 && parameters[parameters.length - 1].dotDotDotToken
      ? parameters[parameters.length - 1]
      : undefined);
  return parameter?.dotDotDotToken ? undefined : parameter?.type;
}

/** The type a call's callee declares it returns, or a field's declared type, as written there. */
function declaredType(
  checker: ts.TypeChecker,
  node: ts.CallExpression | ts.PropertyAccessExpression,
): ts.TypeNode | undefined {
  if (ts.isCallExpression(node)) {
    const declaration = checker.getResolvedSignature(node)?.declaration;
    return declaration === undefined || ts.isJSDocSignature(declaration)
      ? undefined
      : declaration.type;
  }
  const declaration = checker.getSymbolAtLocation(node.name)?.valueDeclaration;
  return declaration !== undefined &&
    (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration))
    ? declaration.type
    : undefined;
}

/** Whether a declared type is OpenTracing's own (`Span`, `opentracing.Tracer`), not a type parameter. */
function declaresOpenTracing(checker: ts.TypeChecker, type: ts.TypeNode | undefined): boolean {
  if (type === undefined) return false;
  return openTracingObject(checker, checker.getTypeFromTypeNode(type)) !== undefined;
}

/** A value that may be `undefined` or `null`: the adapter would turn it into an invalid span. */
function mayBeMissing(type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.some(
    (member) =>
      (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Any)) !== 0,
  );
}

/**
 * For a value in an object literal handed straight to a call (`new Plugin({ tracer })`): its
 * property, and the type the callee declares for that field, as written there.
 */
function argumentField(
  checker: ts.TypeChecker,
  node: ts.Expression,
):
  | {
      property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment;
      type: ts.TypeNode | undefined;
    }
  | undefined {
  const property = node.parent;
  if (
    !(ts.isPropertyAssignment(property) && property.initializer === node) &&
    !(ts.isShorthandPropertyAssignment(property) && property.name === node)
  )
    return undefined;
  const literal = property.parent;
  if (!ts.isObjectLiteralExpression(literal) || !isArgument(literal)) return undefined;
  if (!ts.isIdentifier(property.name)) return undefined;
  const symbol = checker
    .getContextualType(literal)
    ?.getNonNullableType()
    .getProperty(property.name.text);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  const type =
    declaration !== undefined &&
    (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration))
      ? declaration.type
      : undefined;
  return { property, type };
}

/** The call an adapter's value goes to as a field of an options object (`f({ tracer: … })`). */
function optionsCallOf(node: ts.Expression): ts.CallExpression | ts.NewExpression | undefined {
  const property = node.parent;
  if (!ts.isPropertyAssignment(property) || property.initializer !== node) return undefined;
  return ts.isObjectLiteralExpression(property.parent) ? argumentOf(property.parent) : undefined;
}

/** `a.b.c`, `this.x.y`: a read with no call in it, safe to read twice. */
function isPlainRead(node: ts.Expression): boolean {
  if (ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(node) && isPlainRead(node.expression);
}

function isArgument(node: ts.Expression): boolean {
  return argumentOf(node) !== undefined;
}

function argumentOf(node: ts.Expression): ts.CallExpression | ts.NewExpression | undefined {
  const parent = node.parent;
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
    parent.arguments?.includes(node)
    ? parent
    : undefined;
}

function lineIndentOf(sourceFile: ts.SourceFile, position: number): string {
  const line = sourceFile.getLineAndCharacterOfPosition(position).line;
  const start = sourceFile.getLineStarts()[line];
  return /^[^\S\r\n]*/.exec(sourceFile.text.slice(start, position))?.[0] ?? '';
}
