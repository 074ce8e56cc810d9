/** Node's Buffer fast paths, injected into the core's RESP decoder and encoder. */

/** Node's Buffer has fast latin1 methods that its typings leave out. */
interface Latin1Buffer extends Buffer {
  latin1Slice(start: number, end: number): string
  latin1Write(s: string, offset: number): number
}

export const latin1Slice = (buf: Uint8Array, start: number, end: number): string => (buf as Latin1Buffer).latin1Slice(start, end)
export const latin1Write = (buf: Uint8Array, s: string, off: number): number => (buf as Latin1Buffer).latin1Write(s, off)
export const alloc = (n: number): Uint8Array => Buffer.allocUnsafe(n)
