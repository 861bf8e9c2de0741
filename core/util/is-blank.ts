/**
 * `text.trim() === ''`, answered without trimming (which makes a new string per call) when the first character is
 * printable ASCII and so never white space: ids and symbols on the order path nearly always start so.
 */
export function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  return first > 0x20 && first < 0x7f ? false : text.trim() === '';
}
