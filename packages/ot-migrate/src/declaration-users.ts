import { ts } from '@ts-morph/common';
import type { Crossing } from './crossing';
import { declarationSymbol, exportedContainer } from './declarations';
import { IdentifierIndex } from './identifier-index';
import { referenceKind } from './reference-kinds';
import { shortPath } from './short-path';
import { openTracingObject } from './syntax';

/**
 * Who uses a declaration of the files given (the files whose code calls or reads it), and which
 * of those files stay OpenTracing: a crossing towards one of them is hard.
 * @internal
 */
export class DeclarationUsers extends IdentifierIndex {
  private readonly users = new Map<ts.Symbol, Crossing>();

  /** The files of the rewrite that stay OpenTracing (see setLegacy). */
  protected legacy: ReadonlySet<string> = new Set();

  /**
   * The files of the rewrite that stay OpenTracing (they cannot move): the others move without
   * them, and convert where objects cross to them (boundary adapters), or stay too.
   */
  setLegacy(files: ReadonlySet<string>): void {
    this.legacy = files;
    this.users.clear();
  }

  /** Whether a file of the rewrite stays OpenTracing (see setLegacy). */
  staysLegacy(fileName: string): boolean {
    return this.legacy.has(fileName);
  }

  /**
   * A crossing to files of which some stay OpenTracing: hard, to code that does not change, so an
   * adapter may stand in (see adapters-plan.ts); the crossing as it is otherwise.
   */
  towardsLegacy(crossing: Crossing, from: string, what: string): Crossing {
    if (!('peers' in crossing)) return crossing;
    const legacy = crossing.peers.find((peer) => peer !== from && this.legacy.has(peer));
    return legacy === undefined
      ? crossing
      : { hard: `${what} crosses to ${shortPath(from, legacy)}, which stays OpenTracing` };
  }

  /**
   * The files whose code calls or reads a declaration (a function, method, constructor, class,
   * field, variable), when all of its uses can be followed: peers, else why not. A declaration
   * other code can reach (exported, or a public member of an exported class) that no other file
   * of the rewrite uses is for code the rewrite does not see: hard.
   */
  usersOf(declaration: ts.Node): Crossing {
    const symbol = declarationSymbol(declaration, this.checker);
    if (symbol === undefined) return { hard: 'a declaration the codemod cannot follow' };
    const cached = this.users.get(symbol);
    if (cached !== undefined) return cached;
    const result = this.findUsers(declaration, symbol);
    this.users.set(symbol, result);
    return result;
  }

  private findUsers(declaration: ts.Node, symbol: ts.Symbol): Crossing {
    const own = declaration.getSourceFile().fileName;
    const name = symbol.getName();
    const peers = new Set<string>();
    const holdsObject =
      ts.isVariableDeclaration(declaration) &&
      ['span', 'tracer'].includes(
        openTracingObject(this.checker, this.checker.getTypeAtLocation(declaration.name)) ?? '',
      );
    for (const reference of this.referencesTo(symbol)) {
      const file = reference.getSourceFile().fileName;
      let kind = referenceKind(reference);
      // A method read without a call (`this.onSpan.bind(this)`, `setTimeout(job.run)`) escapes.
      if (
        kind === 'read' &&
        (symbol.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.Function)) !== 0
      )
        kind = 'value';
      // A span or tracer held in a variable (`export const tracer = globalTracer()`) used as a
      // value elsewhere (`new Interceptor(tracer)`): the file using it checks where it goes.
      if (kind === 'value' && holdsObject) kind = 'read';
      if (kind === 'value') {
        return {
          hard: `\`${name}\` is used as a value${file === own ? '' : ` in ${shortPath(own, file)}`}, not only called`,
        };
      }
      if (kind !== 'declaration') peers.add(file);
    }
    peers.delete(own);
    const container = exportedContainer(declaration);
    if (container !== undefined && this.isExported(container)) {
      const containerSymbol = declarationSymbol(container, this.checker);
      const outside =
        containerSymbol === undefined
          ? []
          : this.referencesTo(containerSymbol).filter(
              (reference) => reference.getSourceFile().fileName !== own,
            );
      if (outside.length === 0)
        return { hard: `\`${name}\` is exported, and no other file among the paths uses it` };
      for (const reference of outside) peers.add(reference.getSourceFile().fileName);
    }
    return { peers: [...peers].sort() };
  }

  /** Whether other modules can reach a top-level declaration: an export, or module.exports. */
  private isExported(declaration: ts.Node): boolean {
    if (
      ts.canHaveModifiers(declaration) &&
      (ts.getCombinedModifierFlags(declaration as ts.Declaration) & ts.ModifierFlags.Export) !== 0
    )
      return true;
    const symbol = declarationSymbol(declaration, this.checker);
    if (symbol === undefined) return false;
    return this.referencesTo(symbol).some((reference) => referenceKind(reference) === 'export');
  }
}
