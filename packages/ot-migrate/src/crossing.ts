// Where an OpenTracing object crosses from one file to another, and whether the file on the other
// side is one the rewrite changes too (a peer: both move together) or code it does not see (hard).
// Found by symbol resolution over an index of the identifiers of every file given, built once
// (identifier-index.ts; the questions asked of it: declaration-users.ts, program-index.ts).

/** Where the other side of a crossing is: files of the rewrite, or why it cannot be followed. */
export type Crossing =
  | {
      peers: readonly string[];
      /** Through a field the rewrite retypes: span contexts move with it too. */
      field?: boolean;
    }
  | { hard: string };
