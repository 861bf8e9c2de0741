import { readSync } from 'node:fs';

/** The file itself failed to read part-way (not its content): reported as unreadable, never as bad data. */
export class FileReadError extends Error {
  override readonly name = 'FileReadError';
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
/** Default piece size: big enough that per-piece work vanishes, small enough to stay in the CPU cache. */
export const PIECE_BYTES = 1 << 20;

/**
 * Reads the open file `fd` from its start in pieces of whole lines of about `size` bytes (a longer line
 * gets a bigger piece) and hands each to `onPiece` decoded as UTF-8, with the bytes read so far. A piece
 * ends after a \n, a byte that never occurs inside a multi-byte UTF-8 character, so no character and no
 * line is split; memory stays at one piece whatever the file's size.
 *
 * @returns false, without handing that piece out, when `stopAtQuote` is set and a piece holds a `"`:
 *   quoted cells may span lines, so such a file must be read whole by a real CSV parser.
 * @throws FileReadError when reading fails.
 */
export function readLinePieces(
  fd: number,
  onPiece: (text: string, bytesDone: number) => void,
  stopAtQuote: boolean,
  size = PIECE_BYTES,
): boolean {
  let buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  let done = 0;
  for (;;) {
    if (filled === buffer.length) {
      // One line longer than the buffer: grow rather than split it.
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    let read: number;
    try {
      read = readSync(fd, buffer, filled, buffer.length - filled, done + filled);
    } catch (error) {
      throw new FileReadError((error as Error).message, { cause: error });
    }
    filled += read;
    const end = read === 0 ? filled : filled === 0 ? 0 : buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
    if (end > 0) {
      if (stopAtQuote && buffer.subarray(0, end).includes(QUOTE)) return false;
      done += end;
      onPiece(buffer.toString('utf8', 0, end), done);
      buffer.copy(buffer, 0, end, filled);
      filled -= end;
    }
    if (read === 0) return true;
  }
}
