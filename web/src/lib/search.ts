// Search that ignores diacritics and case ("lao dong" finds "Lao động"), and sorting in
// Vietnamese alphabetical order (a ă â b c d đ e ê …).

/** Lower case without diacritics: "Lao động – Thương binh" → "lao dong – thuong binh".
 * "đ"/"Đ" is a letter of its own in Unicode (no decomposition), so it is mapped by hand. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** True when every word of the query occurs in the text, diacritics and case ignored. */
export function matches(text: string, query: string): boolean {
  const words = fold(query).trim().split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const hay = fold(text);
  return words.every((w) => hay.includes(w));
}

/** Items whose text matches the query, in their original order. */
export function filterBy<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  if (!query.trim()) return [...items];
  return items.filter((item) => matches(text(item), query));
}

let collator: Intl.Collator | null = null;

/** Compares two strings in Vietnamese order (Intl.Collator 'vi'), numbers inside compared as
 * numbers ("II.2" before "II.10"). */
export function compareVi(a: string, b: string): number {
  collator ??= new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b);
}

/** A sorted copy, in Vietnamese order of `key`. */
export function sortVi<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareVi(key(a), key(b)));
}
