import type { ts } from '@ts-morph/common';
import type { ProgramIndex } from './program-index';

// What the planner's checks of one file record about the others: the places where an OpenTracing
// object goes to or comes from another file of the rewrite (peer edges), which groups.ts then keeps
// together. Whether a crossing leads to a peer is the index's question (program-index.ts).

/** A place where an OpenTracing object goes to or comes from other files of the rewrite. */
export interface PeerEdge {
  node: ts.Node;
  peers: readonly string[];
}

/** What the planner's cross-file checks need: the index, and where to record peer edges. @internal */
export interface CrossFile {
  readonly index: ProgramIndex;
  /** Records that `node` hands an OpenTracing object to or from `peers` (other files). */
  peer(node: ts.Node, peers: readonly string[]): void;
}

/** The peer edges of one file. @internal */
export class FileCrossings implements CrossFile {
  readonly edges: PeerEdge[] = [];

  constructor(
    readonly index: ProgramIndex,
    readonly file: string,
  ) {}

  peer(node: ts.Node, peers: readonly string[]): void {
    const others = peers.filter((peer) => peer !== this.file);
    if (others.length > 0) this.edges.push({ node, peers: others });
  }
}
