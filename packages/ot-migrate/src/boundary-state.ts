import { ts } from '@ts-morph/common';
import type { AdapterName } from './boundary-adapters';
import type { CrossFile } from './cross-file';
import { isOpenTracingSymbol } from './usages';

// What the boundary adapters of one file record while they are planned, and the edits every part
// of the plan writes the same way. The plan (adapters-plan.ts) hands this to the functions it
// delegates whole concerns to (existing-adapters.ts, public-api-adapters.ts,
// import-conversion.ts), so that they share one record without importing the plan.

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

/** The record of one file's boundary adapters, and the edits that write them. @internal */
export class BoundaryState {
  /** OpenTracing type nodes of a public signature: they stay. */
  readonly keptTypes = new Set<ts.Node>();
  /** Nodes whose OpenTracing value an adapter converts (the adapter calls, and their arguments). */
  readonly accepted = new Set<ts.Node>();
  /** Exported declarations whose signature keeps its OpenTracing types. */
  readonly publicApi = new Set<ts.Node>();
  /** Adapters written, by name, with the local name each is imported under. */
  readonly imports = new Map<AdapterName, string>();
  /** OpenTracing types kept in public signatures, with their local names. */
  readonly legacyTypes = new Map<string, string>();
  /** Imports of opentracing that kept types use (written by an earlier run). */
  readonly keptImports = new Set<ts.Node>();
  /** Lines that get the comment. */
  readonly marked = new Set<number>();
  /** Adapters written by this run. */
  written = 0;
  /** Calls whose result an inbound adapter converts: their arguments are not converted with it. */
  readonly convertedCalls = new Set<ts.Node>();
  /** Imported tracers converted once: their import specifier, and the line that converts. */
  readonly importedTracers = new Map<ts.ImportSpecifier, string>();
  /** Names of the file, and those given to parameters by function. */
  fileNames: Set<string> | undefined;
  /** The legacy names given to parameters, by function (see public-api-adapters.ts). */
  readonly parameterNames = new Map<ts.Node, Set<string>>();

  /** A record for the file the host plans. */
  constructor(readonly host: BoundaryHost) {}

  /** Whether an adapter takes care of a node's OpenTracing value (the node or what holds it). */
  accepts(node: ts.Node): boolean {
    for (let current: ts.Node | undefined = node; current !== undefined; current = current.parent) {
      // What a converted call is given is checked on its own: `otelSpanFrom(start(span))`.
      if (current !== node && this.convertedCalls.has(current)) return false;
      if (this.accepted.has(current)) return true;
      if (ts.isStatement(current)) return false;
    }
    return false;
  }

  /** `value` → `(value && adapter(value))`, its line marked: for a value that may be missing. */
  wrapPresent(node: ts.Expression, adapter: AdapterName): boolean {
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
  wrap(node: ts.Expression, adapter: AdapterName): boolean {
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

  /** The local name an adapter is imported under: chosen at its first use, imported at the end. */
  adapterName(adapter: AdapterName): string {
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
  keepTypes(type: ts.TypeNode, rename: boolean): void {
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

  /**
   * A function (or a constructor's class) whose signature keeps its OpenTracing types, with the
   * variable an arrow function or function expression is assigned to.
   */
  markPublic(fn: ts.Node): void {
    const declaration = ts.isConstructorDeclaration(fn) ? fn.parent : fn;
    this.publicApi.add(declaration);
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
      const variable = fn.parent;
      if (ts.isVariableDeclaration(variable)) this.publicApi.add(variable);
    }
  }
}
