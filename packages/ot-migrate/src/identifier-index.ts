import { ts } from '@ts-morph/common';

/**
 * The identifiers of every file given to the rewrite, by name, and who refers to a symbol. One
 * walk per file, on first need; each question then resolves only the identifiers of the right
 * name. The questions of the crossings build on it (declaration-users.ts, program-index.ts).
 * @internal
 */
export class IdentifierIndex {
  private byFile?: Map<ts.SourceFile, Map<string, ts.Identifier[]>>;

  constructor(
    readonly program: ts.Program,
    readonly checker: ts.TypeChecker,
    private readonly sources: ReadonlySet<string>,
  ) {}

  /** Whether a file is one of those the rewrite was given. */
  isSource(fileName: string): boolean {
    return this.sources.has(fileName);
  }

  /** The symbol a name stands for, imports and `{ f }` shorthands followed to the declaration. */
  target(symbol: ts.Symbol | undefined): ts.Symbol | undefined {
    let current = symbol;
    for (let step = 0; current !== undefined && step < 8; step++) {
      if ((current.flags & ts.SymbolFlags.Alias) !== 0) {
        current = this.checker.getAliasedSymbol(current);
        continue;
      }
      const declaration = current.valueDeclaration;
      if (declaration !== undefined && ts.isShorthandPropertyAssignment(declaration)) {
        const value = this.checker.getShorthandAssignmentValueSymbol(declaration);
        if (value === undefined || value === current) break;
        current = value;
        continue;
      }
      if (
        declaration !== undefined &&
        ts.isPropertyAssignment(declaration) &&
        ts.isIdentifier(declaration.initializer)
      ) {
        const value = this.checker.getSymbolAtLocation(declaration.initializer);
        if (value === undefined || value === current) break;
        current = value;
        continue;
      }
      break;
    }
    return current;
  }

  /** The symbol an identifier refers to, followed to its declaration. */
  symbolAt(identifier: ts.Identifier): ts.Symbol | undefined {
    const parent = identifier.parent;
    const symbol =
      ts.isShorthandPropertyAssignment(parent) && parent.name === identifier
        ? this.checker.getShorthandAssignmentValueSymbol(parent)
        : ts.isExportSpecifier(parent)
          ? (this.checker.getExportSpecifierLocalTargetSymbol(parent) ??
            this.checker.getSymbolAtLocation(identifier))
          : this.checker.getSymbolAtLocation(identifier);
    return this.target(symbol);
  }

  /** The identifiers in the given files that refer to `symbol`, its declaration aside. */
  referencesTo(symbol: ts.Symbol): ts.Identifier[] {
    const wanted = this.target(symbol) ?? symbol;
    const names = new Set([wanted.getName(), symbol.getName()]);
    for (const declaration of wanted.declarations ?? []) {
      const name = ts.getNameOfDeclaration(declaration);
      if (name !== undefined && ts.isIdentifier(name)) names.add(name.text);
    }
    const found: ts.Identifier[] = [];
    for (const identifiers of this.identifiers().values()) {
      const candidates = new Set<ts.Identifier>();
      for (const name of names) for (const id of identifiers.get(name) ?? []) candidates.add(id);
      // A renamed import (`import { chargeCard as charge }`): its uses go by the new name.
      for (const name of names) {
        for (const id of identifiers.get(`import:${name}`) ?? []) {
          if (this.symbolAt(id) !== wanted) continue;
          for (const use of identifiers.get(id.text) ?? []) candidates.add(use);
        }
      }
      for (const id of candidates) {
        if (this.symbolAt(id) === wanted) found.push(id);
      }
    }
    return found;
  }

  /**
   * Each file's identifiers by name; also under `import:name`, the local name of an import renamed
   * from `name` (`{ name as other }`), and under `import:default`, a default import's.
   */
  protected identifiers(): Map<ts.SourceFile, Map<string, ts.Identifier[]>> {
    if (this.byFile !== undefined) return this.byFile;
    this.byFile = new Map();
    for (const sourceFile of this.program.getSourceFiles()) {
      if (!this.isSource(sourceFile.fileName)) continue;
      const names = new Map<string, ts.Identifier[]>();
      const add = (key: string, id: ts.Identifier) => {
        const list = names.get(key);
        if (list === undefined) names.set(key, [id]);
        else list.push(id);
      };
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) {
          add(node.text, node);
          const parent = node.parent;
          if (ts.isImportSpecifier(parent) && parent.name === node && parent.propertyName)
            add(`import:${parent.propertyName.text}`, node);
          if (ts.isImportClause(parent) && parent.name === node) add('import:default', node);
        }
        ts.forEachChild(node, visit);
      };
      visit(sourceFile);
      this.byFile.set(sourceFile, names);
    }
    return this.byFile;
  }
}
