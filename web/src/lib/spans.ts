// The decision text beside its items: spans are byte offsets into the UTF-8 source
// (plan JSON contract), so the text is kept as bytes and cut there, then decoded.

export interface Marked {
  key: string; // the item's key, for linking the item list and the text
  kind: 'target' | 'budget' | 'deadline' | 'task';
  offset: number;
  length: number;
}

export interface Segment {
  text: string;
  /** The innermost item covering this piece, or null for plain text. */
  item: Marked | null;
  /** Every item covering this piece (outermost first). */
  items: Marked[];
}

const decoder = new TextDecoder('utf-8');

/** The bytes [start, end) of the source, decoded. */
export function sliceText(bytes: Uint8Array, start: number, end: number): string {
  return decoder.decode(bytes.subarray(Math.max(0, start), Math.min(bytes.length, end)));
}

/** Cuts the bytes [start, end) at every item boundary inside it. Overlapping items (a target
 * inside a task) nest: each piece names the shortest item covering it. */
export function segments(bytes: Uint8Array, start: number, end: number, items: readonly Marked[]): Segment[] {
  const inside = items.filter((m) => m.length > 0 && m.offset < end && m.offset + m.length > start);
  const cuts = new Set<number>([start, end]);
  for (const m of inside) {
    cuts.add(Math.max(start, m.offset));
    cuts.add(Math.min(end, m.offset + m.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const covering = inside
      .filter((m) => m.offset <= a && m.offset + m.length >= b)
      .sort((x, y) => y.length - x.length);
    out.push({ text: sliceText(bytes, a, b), item: covering.at(-1) ?? null, items: covering });
  }
  return out;
}
